/**
 * What the server tells the sandbox page, embedded in it as JSON: shared by the
 * gateway's and the subgraphs' sandboxes and by the browser code that reads it.
 */
export interface SandboxOperation {
  name: string;
  /** The operation's file as written, comments included. */
  body: string;
  /** Variables that run it on the seed data. */
  variables: Record<string, unknown>;
}

/** A registered app the sandbox can sign a token for. */
export interface SandboxApp {
  id: string;
  name: string;
  /** What the app may ask for; the token button offers these. */
  scopes: string[];
}

/** How the "Use demo user" button signs in. */
export type SandboxViewer =
  /**
   * The gateway: a bearer token from a development-only endpoint, for an app
   * and the scopes the developer picks.
   */
  | {
      kind: 'token';
      userId: string;
      tokenPath: string;
      apps: SandboxApp[];
      /** Every scope and what it means to a user. */
      scopes: { name: string; description: string }[];
    }
  /** A subgraph: the viewer header the gateway would forward. */
  | { kind: 'header'; userId: string; header: string };

export interface SandboxSettings {
  title: string;
  /** Where GraphiQL sends operations. */
  endpoint: string;
  operations: SandboxOperation[];
  /** Says what the operations are. */
  operationsNote: string;
  viewer: SandboxViewer;
  /**
   * The API schema's SDL, for the docs, read as the gateway serves it (reloads
   * included). Absent on a subgraph, which GraphiQL introspects.
   */
  schemaPath?: string;
  /** The gateway's development endpoints; absent on a subgraph. */
  planPath?: string;
  ownersPath?: string;
}

export const SETTINGS_ELEMENT_ID = 'sandbox-settings';

/** A seeded user: signed in, the home query shows a membership and member offers. */
export const DEMO_USER_ID = 'demo';

/** The demo mini-program's app (schema/apps.yaml): the sandbox's and the demo page's tokens are for it. */
export const DEMO_APP_ID = 'hutong-demo';

/** The field-owners panel's data: which subgraphs define and resolve each type and field. */
export type OwnedTypeKind = 'OBJECT' | 'INTERFACE' | 'UNION' | 'ENUM' | 'INPUT_OBJECT' | 'SCALAR';

/** A subgraph's definition of a type. */
export interface TypeInSubgraph {
  subgraph: string;
  /** The `@key`s it declares: an entity when there is at least one. */
  keys: string[];
  /** False for `@key(resolvable: false)`: it refers to the entity but resolves none. */
  resolvable: boolean;
}

/** A field, input field, enum value or union member, and the subgraphs behind it. */
export interface OwnedMember {
  name: string;
  /** The type of a field or input field, as written in the API schema. */
  type?: string;
  /**
   * The subgraphs that resolve the field (or define the input field, enum value,
   * union member). More than one means it is shared: the planner may pick any.
   */
  subgraphs: string[];
  /** Subgraphs that declare it `@external`: they need it for a key or `@requires` only. */
  external: string[];
  /** What a subgraph needs fetched from others first to resolve it (`@requires`). */
  requires: { subgraph: string; fields: string }[];
  /** `@override(from:)`: the subgraph that took the field over, and from whom. */
  overrides: { subgraph: string; from: string }[];
}

export interface OwnedType {
  name: string;
  kind: OwnedTypeKind;
  /** Every subgraph that defines the type. */
  subgraphs: TypeInSubgraph[];
  members: OwnedMember[];
}

export interface FieldOwners {
  subgraphs: string[];
  types: OwnedType[];
}
