/** What the server tells the demo page, embedded in it as JSON. */
export interface DemoSettings {
  graphqlPath: string;
  /** The development-only endpoint that signs the demo user in. */
  tokenPath: string;
  /** Where the home screen is, unless the page's URL says ?lat=…&lng=… */
  point: { lat: number; lng: number };
}

export const DEMO_SETTINGS_ELEMENT_ID = 'demo-settings';
