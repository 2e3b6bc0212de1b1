import type { PayloadRecord } from '../../kit/mutations';
import type { AccountKind, PortalKind, ShareChannel } from '../__generated__/enums';

export interface TopicRow {
  id: string;
  title: string;
  title_en: string;
  /** Null: a topic of every city. */
  city: string | null;
  heat: number;
}

export interface PortalRow {
  id: string;
  city: string;
  kind: PortalKind;
  title: string;
  title_en: string;
}

export const PORTAL_COLUMNS = 'id, city, kind, title, title_en';

export interface PostRow {
  id: string;
  author_id: string;
  text: string;
  likes: number;
  created_at: Date;
}

export interface MiniProgramCardRow {
  id: string;
  account_id: string;
  mini_program_id: string;
  channel: ShareChannel;
  /** The member a private message went to; null on other channels. */
  recipient_id: string | null;
  created_at: Date;
}

/** A row of a page: its time to the microsecond, as text, for the cursor (a Date keeps milliseconds). */
export interface Paged {
  created_at_exact: string;
}

export type FeedItemRow = Paged &
  (
    | (PostRow & { kind: 'POST' })
    | (MiniProgramCardRow & { kind: 'MINI_PROGRAM_CARD' })
    | (LifeAccountPushRow & { kind: 'LIFE_ACCOUNT_PUSH' })
  );

export type PagedCardRow = MiniProgramCardRow & Paged;

export const CARD_COLUMNS = `id, account_id, mini_program_id, channel, recipient_id, shared_at AS created_at`;

/** A timestamptz column to the microsecond in UTC, as `Paged.created_at_exact` holds it. */
export const exactTime = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export interface FollowCountsRow {
  user_id: string;
  follower_count: number;
  following_count: number;
}

export interface MiniProgramRow {
  id: string;
  title: string;
  title_en: string;
}

export interface SocialAccountRow {
  user_id: string;
  kind: AccountKind;
  share_whitelisted: boolean;
  next_share_at: Date | null;
}

export interface LifeAccountRow {
  id: string;
  merchant_id: string;
  owner_id: string;
  name: string;
  name_en: string;
}

export interface LifeAccountStatsRow {
  id: string;
  follower_count: number;
  pushes_this_week: number;
  next_week_start: Date;
}

export interface LifeAccountPushRow {
  id: string;
  life_account_id: string;
  title: string;
  body: string;
  pushed_at: Date;
}

export interface TrafficPledgeRow {
  merchant_id: string;
  unique_visitors: number;
  page_views_per_visitor: number;
}

/** Heat as documented on Topic.heat: volume halved for every twelve quiet hours. */
export const TOPIC_SELECT = `SELECT id, title, title_en, city,
  round(search_volume * power(0.5, extract(epoch FROM now() - last_active_at) / 43200))::bigint AS heat
  FROM topics`;

export const PUSH_COLUMNS = 'id, life_account_id, title, body, pushed_at';

/** An entity of another subgraph, as the gateway hands it over. */
export interface EntityReference {
  id: string;
}
export type StoreRow = EntityReference;
export type UserRow = EntityReference;
/** As the gateway hands it over, with what payments said of its owner (Merchant.viewerIsOwner). */
export type MerchantRow = EntityReference & { viewerIsOwner?: boolean };

/** What a mutation records (and a replay returns): plain JSON, its objects as ids. */
export type MiniProgramSharePayloadRow = PayloadRecord & {
  shareId?: string;
  nextShareAllowedAt?: string;
  retryAt?: string;
};
export type LifeAccountPushPayloadRow = PayloadRecord & {
  pushId?: string;
  lifeAccountId?: string;
  nextPushAllowedAt?: string | null;
  retryAt?: string;
};
export type UserFollowPayloadRow = PayloadRecord & {
  userId?: string;
  following?: boolean;
};
export type LifeAccountFollowPayloadRow = PayloadRecord & {
  lifeAccountId?: string;
  following?: boolean;
};
export type MerchantVisitRecordPayloadRow = PayloadRecord & { counted?: boolean };
