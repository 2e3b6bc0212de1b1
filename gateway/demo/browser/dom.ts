/// <reference lib="dom" />
/**
 * The few DOM helpers every page shares. Elements are built from text only:
 * nothing from the data is ever parsed as HTML.
 */
import { ClientError } from '../../../schema/client/index';

export type Child = Node | string | null | undefined | false;

/** What to say of a request that got no GraphQL answer at all. */
export function failureText(error: unknown): string {
  return error instanceof ClientError && error.code === 'TIMEOUT'
    ? '请求超时，请重试 · The request timed out, try again'
    : '无法连接 Hutong，请重试 · Could not reach Hutong, try again';
}

export function el(tag: string, attributes: Record<string, string> = {}, ...children: Child[]) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) if (child) element.append(child);
  return element;
}

/** A heading in Chinese with its English beside it, as every title on the platform is. */
export function heading(level: 'h2' | 'h3', zh: string, en: string): HTMLElement {
  return el(level, {}, zh, el('small', {}, en));
}

export function section(id: string, zh: string, en: string, ...children: Child[]): HTMLElement {
  return el(
    'section',
    { 'data-testid': id, 'data-state': 'ok' },
    heading('h2', zh, en),
    ...children,
  );
}

export function link(href: string, attributes: Record<string, string>, ...children: Child[]) {
  return el('a', { ...attributes, href }, ...children);
}

/**
 * A button that runs `action` once per click: it stays disabled while the
 * action is in flight, so a double tap is one user action, not two. A request
 * that got no answer at all is said under the button, to be tapped again.
 */
export function button(
  label: string,
  action: () => Promise<void>,
  attributes: Record<string, string> = {},
): HTMLButtonElement {
  const element = el('button', { type: 'button', ...attributes }, label) as HTMLButtonElement;
  let shownFailure: HTMLElement | undefined;
  element.addEventListener('click', () => {
    if (element.disabled) return;
    element.disabled = true;
    shownFailure?.remove();
    action()
      .catch((error: unknown) => {
        shownFailure = el('p', { class: 'failed', role: 'alert' }, failureText(error));
        element.after(shownFailure);
      })
      .finally(() => {
        if (element.isConnected) element.disabled = false;
      });
  });
  return element;
}

/** Prices are integer fen; shown in yuan. */
export function yuan(fen: number): string {
  return `${fen < 0 ? '−' : ''}¥${(Math.abs(fen) / 100).toFixed(2)}`;
}

export function distance(meters: number): string {
  return meters < 1000 ? `${Math.round(meters)} m` : `${(meters / 1000).toFixed(1)} km`;
}

/** Times as the user reads them in Hangzhou, whatever the browser's zone. */
export function dateTime(iso: string): string {
  return new Date(iso).toLocaleString('zh-CN', {
    timeZone: 'Asia/Shanghai',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
}

export function date(iso: string): string {
  return new Date(iso).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' });
}

export function clock(when: Date): string {
  return when.toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}

/** A line of facts, the label in both languages: `label value`. */
export function fact(label: string, value: Child, testId?: string): HTMLElement {
  return el(
    'div',
    { class: 'fact', ...(testId ? { 'data-testid': testId } : {}) },
    el('span', { class: 'label' }, label),
    el('span', {}, value),
  );
}
