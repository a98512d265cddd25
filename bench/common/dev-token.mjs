// A dev token as scripts/dev-token makes it, signed with dev-only/jwt/privateKey.pem (env PRIVATE_KEY): the
// benchmarks' one way to authenticate against services started with the dev keys allowed.
import { createSign } from 'node:crypto';
import { readFileSync } from 'node:fs';

const KEY = readFileSync(process.env.PRIVATE_KEY, 'utf8');
const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');

export function token(user, groups = []) {
  const body = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ iss: 'holdline', aud: 'holdline', sub: user, upn: user, groups,
    iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 7200 })}`;
  return `${body}.${createSign('RSA-SHA256').update(body).sign(KEY).toString('base64url')}`;
}
