/** What the server tells the demo page, embedded in it as JSON. */
export interface DemoSettings {
  graphqlPath: string;
  /** The development-only endpoint that signs the demo user in. */
  tokenPath: string;
  /** Where the user is, unless the page's URL says ?lat=…&lng=… */
  point: { lat: number; lng: number };
  /** The city whose portals list the mini-programs to share. */
  city: string;
  /** The coupon campaigns the coupons tab promotes, as a mini-program's banners do. */
  campaignIds: string[];
}

export const DEMO_SETTINGS_ELEMENT_ID = 'demo-settings';
