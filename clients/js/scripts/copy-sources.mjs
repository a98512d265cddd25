// The package's dist/ is the gateway's own client, copied as it is: one source of truth
// (poll-gateway/src/main/resources/META-INF/resources/client/), served at /client/holdline.js and packed here.
import { copyFile, mkdir } from 'node:fs/promises';

const source = new URL('../../../poll-gateway/src/main/resources/META-INF/resources/client/', import.meta.url);
const dist = new URL('../dist/', import.meta.url);
await mkdir(dist, { recursive: true });
for (const file of ['holdline.js', 'holdline.d.ts']) {
  await copyFile(new URL(file, source), new URL(file, dist));
}
