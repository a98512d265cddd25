// Verifies webhook requests with the Standard Webhooks reference library, independently of Holdline's code.
// Input (file given as the first argument): [{secret, headers: {webhook-id, webhook-timestamp, webhook-signature},
// body: base64}]. Output (stdout): one JSON array of {ok, error} in the same order.
import { readFileSync } from 'node:fs';
import { Webhook } from 'standardwebhooks';

const cases = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const results = cases.map(({ secret, headers, body }) => {
  try {
    new Webhook(secret).verify(new Uint8Array(Buffer.from(body, 'base64')), headers);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: String(error && error.message || error) };
  }
});
process.stdout.write(JSON.stringify(results));
