/**
 * The social network's rations are documented in its schema in words; these
 * checks keep the words and the constants the code enforces in step.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  DEFAULT_PAGE_VIEWS_PER_VISITOR,
  LIFE_ACCOUNT_PUSHES_PER_WEEK,
  MINI_PROGRAM_CARDS_PER_FEED_DAY,
  MINI_PROGRAM_SHARE_INTERVAL,
} from '../../../subgraphs/social/rules';

const socialDir = path.join(__dirname, '../../../subgraphs/social');
const schema = fs.readFileSync(path.join(socialDir, 'schema.graphql'), 'utf8').replace(/\s+/g, ' ');

describe('the social rations as documented in the schema', () => {
  it('states the weekly push limit the code enforces', () => {
    expect(LIFE_ACCOUNT_PUSHES_PER_WEEK).toBe(3);
    expect(schema).toContain(`at most ${LIFE_ACCOUNT_PUSHES_PER_WEEK} times per calendar week`);
    expect(schema).toContain('Monday 00:00 to Monday 00:00 Asia/Shanghai');
  });

  it('states the mini-program cards a feed shows per day', () => {
    expect(schema).toContain(
      `at most ${MINI_PROGRAM_CARDS_PER_FEED_DAY} mini-program cards per Asia/Shanghai calendar day`,
    );
  });

  it('states the sharing interval as a rolling hour', () => {
    expect(MINI_PROGRAM_SHARE_INTERVAL).toBe('1 hour');
    expect(schema).toContain('one mini-program per rolling hour');
  });

  it('states the default pledge, which is also the database default', () => {
    expect(schema).toContain(`${DEFAULT_PAGE_VIEWS_PER_VISITOR} unless agreed otherwise`);
    const migration = fs.readFileSync(
      path.join(socialDir, 'data/migrations/004_traffic_pledge.sql'),
      'utf8',
    );
    expect(migration).toMatch(
      new RegExp(
        `page_views_per_visitor integer NOT NULL DEFAULT ${DEFAULT_PAGE_VIEWS_PER_VISITOR}\\b`,
      ),
    );
  });
});
