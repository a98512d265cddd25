// A Zipkin span receiver that keeps nothing: what the benches export to with TRACING=on (bench/README.md).
// POST /api/v2/spans is answered 202 once read; on SIGTERM it prints how many batches and bytes it took.
import { createServer } from 'node:http';

const port = Number(process.env.PORT ?? 19411);
let batches = 0;
let bytes = 0;
createServer((request, response) => {
  request.on('data', (chunk) => { bytes += chunk.length; });
  request.on('end', () => {
    if (request.method === 'POST') batches++;
    response.statusCode = request.method === 'POST' ? 202 : 200;
    response.end();
  });
}).listen(port, '127.0.0.1');
process.on('SIGTERM', () => {
  console.log(`span sink: ${batches} batches, ${bytes} bytes of spans`);
  process.exit(0);
});
