/**
 * An operation of schema/operations/ as the client sends it: by its id in the
 * persisted-operation manifest, never by its text. Like graphql-typed-document-node's
 * TypedDocumentNode it carries the result and variable types of the operation,
 * so `execute` is typed end to end; unlike it, it holds no document at all.
 */
export interface PersistedOperation<Result, Variables> {
  /** sha256 of the printed operation: its id in schema/persisted-operations.json. */
  readonly id: string;
  readonly name: string;
  readonly type: 'query' | 'mutation';
  /** Never set: they only carry the types. */
  readonly __resultType?: Result;
  readonly __variablesType?: Variables;
}

export type ResultOf<Operation> =
  Operation extends PersistedOperation<infer Result, unknown> ? Result : never;
export type VariablesOf<Operation> =
  Operation extends PersistedOperation<unknown, infer Variables> ? Variables : never;
