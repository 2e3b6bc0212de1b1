/**
 * Headers the gateway sets on every subgraph request. Subgraphs read the viewer
 * from here and never from a client token: the gateway is the only place that
 * verifies tokens.
 */
export const VIEWER_HEADER = 'x-hutong-user-id';
export const REQUEST_ID_HEADER = 'x-request-id';
