/// <reference lib="dom" />
/**
 * What every page of the demo is given: the typed client signed in as the
 * demo user, where the user is, and the device id the risk rules ask for.
 */
import { createClient, fetchTransport, type HutongClient } from '../../../schema/client/index';
import { DEMO_SETTINGS_ELEMENT_ID, type DemoSettings } from '../settings';

export interface DemoApp {
  client: HutongClient;
  settings: DemoSettings;
  point: { lat: number; lng: number };
  /** Stable across visits, as a phone's is: coupon claims and gifts are limited per device. */
  deviceId: string;
}

const DEVICE_ID_KEY = 'hutong-demo-device-id';

function readSettings(): DemoSettings {
  const element = document.getElementById(DEMO_SETTINGS_ELEMENT_ID);
  if (!element?.textContent) throw new Error(`The page has no #${DEMO_SETTINGS_ELEMENT_ID}`);
  return JSON.parse(element.textContent) as DemoSettings;
}

function pointOf(settings: DemoSettings): { lat: number; lng: number } {
  const query = new URLSearchParams(location.search);
  const lat = Number(query.get('lat'));
  const lng = Number(query.get('lng'));
  return query.has('lat') && query.has('lng') && Number.isFinite(lat) && Number.isFinite(lng)
    ? { lat, lng }
    : settings.point;
}

function deviceId(): string {
  const kept = localStorage.getItem(DEVICE_ID_KEY);
  if (kept) return kept;
  const created = `web-${crypto.randomUUID()}`;
  localStorage.setItem(DEVICE_ID_KEY, created);
  return created;
}

/** The demo user's token from the gateway's development endpoint; anonymous without it. */
async function demoToken(tokenPath: string): Promise<string | null> {
  try {
    const response = await fetch(tokenPath, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ app: 'hutong-demo' }),
    });
    if (!response.ok) return null;
    return ((await response.json()) as { token?: string }).token ?? null;
  } catch {
    return null;
  }
}

/** The endpoint's tokens last an hour: a new one is asked for before that. */
const TOKEN_REFRESH_MS = 50 * 60_000;

export function startApp(): DemoApp {
  const settings = readSettings();
  let token = demoToken(settings.tokenPath);
  let tokenAt = Date.now();
  const currentToken = () => {
    if (Date.now() - tokenAt > TOKEN_REFRESH_MS) {
      token = demoToken(settings.tokenPath);
      tokenAt = Date.now();
    }
    return token;
  };
  return {
    client: createClient({
      url: settings.graphqlPath,
      transport: fetchTransport(),
      token: currentToken,
      headers: { 'x-app-id': 'hutong-demo' },
    }),
    settings,
    point: pointOf(settings),
    deviceId: deviceId(),
  };
}

/**
 * A key of its own for each user action: the subgraphs answer a repeated key
 * with the first answer, so a retried request cannot pay or join twice.
 */
export function idempotencyKey(): string {
  return crypto.randomUUID();
}
