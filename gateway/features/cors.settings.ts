/** The settings of the cors feature (cors.ts): name, schema, default and doc of each. */
import { z } from 'zod';
import { inProduction, setting } from '../../lib/settings';

const DEVELOPMENT_CORS_ORIGINS = ['http://localhost:4000', 'http://127.0.0.1:4000'];

const originList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
  )
  .pipe(
    z.array(z.url({ message: 'expected comma-separated origins such as https://m.example.com' })),
  );

export const CORS_ORIGINS = setting({
  name: 'HUTONG_CORS_ORIGINS',
  schema: originList,
  default: inProduction<string[]>([], DEVELOPMENT_CORS_ORIGINS),
  shownDefault: '`http://localhost:4000` (none in production)',
  doc: 'comma-separated browser origins allowed by CORS',
});
