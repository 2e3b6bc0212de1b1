/**
 * The mini-program client: persisted ids only, GET for queries and POST for
 * mutations, partial data returned with its errors, its own timeout below the
 * platforms', and each transport against a fake of the API it wraps, with the
 * signatures Alipay and WeChat document.
 */
import {
  alipayTransport,
  ClientError,
  createClient,
  DEFAULT_TIMEOUT_MS,
  fetchTransport,
  MiniProgramHome,
  unavailableServices,
  wechatTransport,
  type PersistedOperation,
  type Transport,
} from '../../schema/client/index';
import type {
  AlipayFailure,
  AlipayRequestOptions,
  AlipayResponse,
} from '../../schema/client/transports/alipay';
import type {
  WechatFailure,
  WechatRequestOptions,
  WechatResponse,
} from '../../schema/client/transports/wechat';

const ENDPOINT = 'https://api.hutong.test/graphql';
const HUBIN = { lat: 30.2575, lng: 120.1655 };

/** A mutation of the client's shape, so that these tests do not hang on schema/operations/. */
const StoreCheckIn: PersistedOperation<{ storeCheckIn: { ok: boolean } }, { storeId: string }> = {
  id: 'a'.repeat(64),
  name: 'StoreCheckIn',
  type: 'mutation',
};

const PARTIAL = {
  data: { trendingTopics: null, nearbyStores: { edges: [], pageInfo: {} }, me: null },
  errors: [
    {
      message: 'The social service is unavailable',
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'social', requestId: 'r-1' },
    },
  ],
};

interface FakeAlipay {
  request(options: AlipayRequestOptions): { abort(): void };
  calls: AlipayRequestOptions[];
  aborted: number;
}

/** `my` whose request answers with `answer` (or never, when it is undefined). */
function fakeAlipay(answer?: { success: AlipayResponse } | { fail: AlipayFailure }): FakeAlipay {
  const fake: FakeAlipay = {
    calls: [],
    aborted: 0,
    request(options) {
      fake.calls.push(options);
      if (answer && 'success' in answer) setTimeout(() => options.success(answer.success), 1);
      if (answer && 'fail' in answer) setTimeout(() => options.fail(answer.fail), 1);
      return { abort: () => fake.aborted++ };
    },
  };
  return fake;
}

interface FakeWechat {
  request(options: WechatRequestOptions): { abort(): void };
  calls: WechatRequestOptions[];
  aborted: number;
}

function fakeWechat(answer?: { success: WechatResponse } | { fail: WechatFailure }): FakeWechat {
  const fake: FakeWechat = {
    calls: [],
    aborted: 0,
    request(options) {
      fake.calls.push(options);
      if (answer && 'success' in answer) setTimeout(() => options.success(answer.success), 1);
      if (answer && 'fail' in answer) setTimeout(() => options.fail(answer.fail), 1);
      return { abort: () => fake.aborted++ };
    },
  };
  return fake;
}

interface FetchCall {
  url: string;
  init: RequestInit;
}

function fakeFetch(answer?: () => Response) {
  const calls: FetchCall[] = [];
  const fetchFunction = (url: string, init: RequestInit) => {
    calls.push({ url, init });
    if (answer) return Promise.resolve(answer());
    return new Promise<Response>((_, reject) =>
      init.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
    );
  };
  return { calls, fetchFunction };
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

describe('the client', () => {
  describe('requests', () => {
    it('sends a query by its persisted id over GET, with the CSRF preflight header', async () => {
      const { calls, fetchFunction } = fakeFetch(() => json({ data: { me: null } }));
      const client = createClient({
        url: ENDPOINT,
        transport: fetchTransport(fetchFunction),
        token: () => 'the-token',
        headers: { 'x-app-id': 'mini-1' },
      });
      await client.execute(MiniProgramHome, HUBIN);

      const [call] = calls;
      expect(call!.init.method).toBe('GET');
      expect(call!.init.body).toBeUndefined();
      const sent = new URL(call!.url);
      expect(`${sent.origin}${sent.pathname}`).toBe(ENDPOINT);
      expect(sent.searchParams.get('operationName')).toBe('MiniProgramHome');
      expect(JSON.parse(sent.searchParams.get('variables')!)).toEqual(HUBIN);
      expect(JSON.parse(sent.searchParams.get('extensions')!)).toEqual({
        persistedQuery: { version: 1, sha256Hash: MiniProgramHome.id },
      });
      expect(sent.searchParams.has('query')).toBe(false);
      expect(call!.init.headers).toMatchObject({
        'apollo-require-preflight': 'true',
        authorization: 'Bearer the-token',
        'x-app-id': 'mini-1',
      });
    });

    it('sends the same URL for the same query and variables, so caches can share it', async () => {
      const { calls, fetchFunction } = fakeFetch(() => json({ data: {} }));
      const client = createClient({ url: ENDPOINT, transport: fetchTransport(fetchFunction) });
      await client.execute(MiniProgramHome, HUBIN);
      await client.execute(MiniProgramHome, { ...HUBIN });
      expect(calls[0]!.url).toBe(calls[1]!.url);
      expect(calls[0]!.init.headers).not.toHaveProperty('authorization');
    });

    it('sends a mutation by its persisted id over POST, never GET', async () => {
      const { calls, fetchFunction } = fakeFetch(() =>
        json({ data: { storeCheckIn: { ok: true } } }),
      );
      const client = createClient({ url: ENDPOINT, transport: fetchTransport(fetchFunction) });
      const result = await client.execute(StoreCheckIn, { storeId: 'store-1' });

      expect(result.data?.storeCheckIn.ok).toBe(true);
      const [call] = calls;
      expect(call!.url).toBe(ENDPOINT);
      expect(call!.init.method).toBe('POST');
      expect(call!.init.headers).toMatchObject({ 'content-type': 'application/json' });
      expect(call!.init.headers).not.toHaveProperty('apollo-require-preflight');
      expect(JSON.parse(call!.init.body as string)).toEqual({
        operationName: 'StoreCheckIn',
        variables: { storeId: 'store-1' },
        extensions: { persistedQuery: { version: 1, sha256Hash: StoreCheckIn.id } },
      });
    });

    it('is typed by the operation: its variables are required and its result is known', async () => {
      const { fetchFunction } = fakeFetch(() => json({ data: null }));
      const client = createClient({ url: ENDPOINT, transport: fetchTransport(fetchFunction) });
      // @ts-expect-error the home query needs lat and lng
      await client.execute(MiniProgramHome);
      // @ts-expect-error lat is a number
      await client.execute(MiniProgramHome, { lat: 'north', lng: 120 });
      const result = await client.execute(MiniProgramHome, HUBIN);
      const charge: number | undefined = result.data?.me?.membership?.nextSettlementCharge;
      expect(charge).toBeUndefined();
    });
  });

  describe('answers', () => {
    it('returns partial data together with its errors, without throwing', async () => {
      const { fetchFunction } = fakeFetch(() => json(PARTIAL));
      const client = createClient({ url: ENDPOINT, transport: fetchTransport(fetchFunction) });
      const result = await client.execute(MiniProgramHome, HUBIN);
      expect(result.status).toBe(200);
      expect(result.data?.trendingTopics).toBeNull();
      expect(result.data?.nearbyStores).toEqual({ edges: [], pageInfo: {} });
      expect(result.errors).toEqual(PARTIAL.errors);
      expect(unavailableServices(result)).toEqual(['social']);
    });

    it('returns request errors with their HTTP status, as answers', async () => {
      const refused = {
        errors: [
          { message: 'No persisted operation', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } },
        ],
      };
      const { fetchFunction } = fakeFetch(() => json(refused, 400));
      const client = createClient({ url: ENDPOINT, transport: fetchTransport(fetchFunction) });
      const result = await client.execute(MiniProgramHome, HUBIN);
      expect(result).toEqual({ data: null, errors: refused.errors, status: 400 });
      expect(unavailableServices(result)).toEqual([]);
    });

    it('throws BAD_RESPONSE when what came back is not GraphQL, such as a proxy page', async () => {
      const { fetchFunction } = fakeFetch(
        () => new Response('<html>502 Bad Gateway</html>', { status: 502 }),
      );
      const client = createClient({ url: ENDPOINT, transport: fetchTransport(fetchFunction) });
      const failure = await client.execute(MiniProgramHome, HUBIN).catch((error) => error);
      expect(failure).toBeInstanceOf(ClientError);
      expect(failure).toMatchObject({ code: 'BAD_RESPONSE', status: 502 });
    });

    it('throws NETWORK when the request fails', async () => {
      const client = createClient({
        url: ENDPOINT,
        transport: fetchTransport(() => Promise.reject(new TypeError('fetch failed'))),
      });
      await expect(client.execute(MiniProgramHome, HUBIN)).rejects.toMatchObject({
        code: 'NETWORK',
      });
    });
  });

  describe('timeouts', () => {
    it('defaults to 10 seconds, below both platforms', () => {
      expect(DEFAULT_TIMEOUT_MS).toBe(10_000);
      expect(() =>
        createClient({ url: ENDPOINT, transport: alipayTransport(fakeAlipay()) }),
      ).not.toThrow();
    });

    it("refuses a timeout that is not below the platform's own", () => {
      expect(() =>
        createClient({
          url: ENDPOINT,
          transport: alipayTransport(fakeAlipay()),
          timeoutMs: 30_000,
        }),
      ).toThrow(/below Alipay my.request's own 30000 ms/);
      expect(() =>
        createClient({
          url: ENDPOINT,
          transport: alipayTransport(fakeAlipay()),
          timeoutMs: 29_000,
        }),
      ).not.toThrow();
      expect(() =>
        createClient({
          url: ENDPOINT,
          transport: wechatTransport(fakeWechat()),
          timeoutMs: 60_000,
        }),
      ).toThrow(/below WeChat wx.request's own 60000 ms/);
      expect(() =>
        createClient({
          url: ENDPOINT,
          transport: wechatTransport(fakeWechat()),
          timeoutMs: 45_000,
        }),
      ).not.toThrow();
      expect(() =>
        createClient({ url: ENDPOINT, transport: fetchTransport(), timeoutMs: 0 }),
      ).toThrow(/positive/);
    });

    it.each([
      [
        'fetch',
        () => {
          const fake = fakeFetch();
          return {
            transport: fetchTransport(fake.fetchFunction),
            aborted: () => (fake.calls[0]?.init.signal?.aborted ? 1 : 0),
          };
        },
      ],
      [
        'Alipay',
        () => {
          const fake = fakeAlipay();
          return { transport: alipayTransport(fake), aborted: () => fake.aborted };
        },
      ],
      [
        'WeChat',
        () => {
          const fake = fakeWechat();
          return { transport: wechatTransport(fake), aborted: () => fake.aborted };
        },
      ],
    ] as [string, () => { transport: Transport; aborted: () => number }][])(
      'gives up on a %s request that does not answer in time, and aborts it',
      async (_, make) => {
        const { transport, aborted } = make();
        const client = createClient({ url: ENDPOINT, transport, timeoutMs: 50 });
        const started = Date.now();
        const failure = await client.execute(MiniProgramHome, HUBIN).catch((error) => error);
        expect(failure).toBeInstanceOf(ClientError);
        expect(failure.code).toBe('TIMEOUT');
        expect(Date.now() - started).toBeLessThan(2_000);
        expect(aborted()).toBe(1);
      },
    );

    it('lets one request wait longer or shorter than the default', async () => {
      const fake = fakeWechat();
      const client = createClient({
        url: ENDPOINT,
        transport: wechatTransport(fake),
        timeoutMs: 5_000,
      });
      const failure = await client
        .execute(MiniProgramHome, HUBIN, { timeoutMs: 30 })
        .catch((error) => error);
      expect(failure.code).toBe('TIMEOUT');
      expect(fake.calls[0]!.timeout).toBe(30);
    });
  });

  describe('Alipay my.request', () => {
    it('passes url, method, headers, timeout and dataType as Alipay documents them', async () => {
      const my = fakeAlipay({
        success: { data: JSON.stringify({ data: { me: null } }), status: 200, headers: {} },
      });
      const client = createClient({
        url: ENDPOINT,
        transport: alipayTransport(my),
        token: () => 't',
      });
      const result = await client.execute(MiniProgramHome, HUBIN);
      expect(result).toEqual({ data: { me: null }, errors: [], status: 200 });

      const [options] = my.calls;
      expect(options).toMatchObject({
        method: 'GET',
        timeout: DEFAULT_TIMEOUT_MS,
        dataType: 'text',
      });
      expect(options!.url.startsWith(`${ENDPOINT}?`)).toBe(true);
      expect(options!.headers).toMatchObject({
        'apollo-require-preflight': 'true',
        authorization: 'Bearer t',
      });
      expect(options!.data).toBeUndefined();
    });

    it('posts a mutation with a JSON body', async () => {
      const my = fakeAlipay({
        success: { data: { data: { storeCheckIn: { ok: true } } }, status: 200, headers: {} },
      });
      const client = createClient({ url: ENDPOINT, transport: alipayTransport(my) });
      const result = await client.execute(StoreCheckIn, { storeId: 's' });
      // Whether Alipay parsed the body or not, the answer is read.
      expect(result.data).toEqual({ storeCheckIn: { ok: true } });
      expect(my.calls[0]).toMatchObject({ method: 'POST', url: ENDPOINT });
      expect(JSON.parse(my.calls[0]!.data!).extensions.persistedQuery.sha256Hash).toBe(
        StoreCheckIn.id,
      );
    });

    it('returns partial data with its errors', async () => {
      const my = fakeAlipay({
        success: { data: JSON.stringify(PARTIAL), status: 200, headers: {} },
      });
      const result = await createClient({ url: ENDPOINT, transport: alipayTransport(my) }).execute(
        MiniProgramHome,
        HUBIN,
      );
      expect(result.data?.trendingTopics).toBeNull();
      expect(unavailableServices(result)).toEqual(['social']);
    });

    it('reads an HTTP error status, which Alipay reports through fail, as an answer', async () => {
      const body = { errors: [{ message: 'Rate limited', extensions: { code: 'RATE_LIMITED' } }] };
      const my = fakeAlipay({
        fail: {
          error: 19,
          errorMessage: 'http status error',
          status: 429,
          data: JSON.stringify(body),
          headers: { 'retry-after': '2' },
        },
      });
      const result = await createClient({ url: ENDPOINT, transport: alipayTransport(my) }).execute(
        MiniProgramHome,
        HUBIN,
      );
      expect(result).toEqual({ data: null, errors: body.errors, status: 429 });
    });

    it.each([
      [13, 'TIMEOUT'],
      [12, 'NETWORK'],
    ])('maps failure %i to %s', async (error, code) => {
      const my = fakeAlipay({ fail: { error, errorMessage: 'failed' } });
      const failure = await createClient({ url: ENDPOINT, transport: alipayTransport(my) })
        .execute(MiniProgramHome, HUBIN)
        .catch((thrown) => thrown);
      expect(failure).toMatchObject({ code });
    });
  });

  describe('WeChat wx.request', () => {
    it('passes url, method, header, timeout and dataType as WeChat documents them', async () => {
      const wx = fakeWechat({
        success: { data: JSON.stringify({ data: { me: null } }), statusCode: 200, header: {} },
      });
      const client = createClient({
        url: ENDPOINT,
        transport: wechatTransport(wx),
        timeoutMs: 8_000,
        token: async () => 't',
      });
      const result = await client.execute(MiniProgramHome, HUBIN);
      expect(result).toEqual({ data: { me: null }, errors: [], status: 200 });

      const [options] = wx.calls;
      expect(options).toMatchObject({ method: 'GET', timeout: 8_000, dataType: 'text' });
      expect(options!.header).toMatchObject({
        'apollo-require-preflight': 'true',
        authorization: 'Bearer t',
      });
      expect(options!.data).toBeUndefined();
    });

    it('posts a mutation with a JSON body', async () => {
      const wx = fakeWechat({
        success: {
          data: JSON.stringify({ data: { storeCheckIn: { ok: true } } }),
          statusCode: 200,
          header: {},
        },
      });
      await createClient({ url: ENDPOINT, transport: wechatTransport(wx) }).execute(StoreCheckIn, {
        storeId: 's',
      });
      expect(wx.calls[0]).toMatchObject({ method: 'POST', url: ENDPOINT });
      expect(wx.calls[0]!.header['content-type']).toBe('application/json');
      expect(JSON.parse(wx.calls[0]!.data!).variables).toEqual({ storeId: 's' });
    });

    it('returns partial data with its errors, and request errors with their status', async () => {
      const partial = fakeWechat({
        success: { data: JSON.stringify(PARTIAL), statusCode: 200, header: {} },
      });
      const result = await createClient({
        url: ENDPOINT,
        transport: wechatTransport(partial),
      }).execute(MiniProgramHome, HUBIN);
      expect(unavailableServices(result)).toEqual(['social']);
      expect(result.data?.nearbyStores).not.toBeNull();

      const refused = fakeWechat({
        success: {
          data: JSON.stringify({
            errors: [{ message: 'no', extensions: { code: 'UNAUTHENTICATED' } }],
          }),
          statusCode: 401,
          header: {},
        },
      });
      const answer = await createClient({
        url: ENDPOINT,
        transport: wechatTransport(refused),
      }).execute(MiniProgramHome, HUBIN);
      expect(answer.status).toBe(401);
      expect(answer.errors[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });

    it.each([
      ['request:fail timeout', 'TIMEOUT'],
      ['request:fail net::ERR_CONNECTION_REFUSED', 'NETWORK'],
    ])('maps "%s" to %s', async (errMsg, code) => {
      const wx = fakeWechat({ fail: { errMsg } });
      const failure = await createClient({ url: ENDPOINT, transport: wechatTransport(wx) })
        .execute(MiniProgramHome, HUBIN)
        .catch((thrown) => thrown);
      expect(failure).toMatchObject({ code });
    });
  });
});
