// The seed's game order server (seed 001, game_order.server.ts) as a bench peer: Express POST /score puts the
// score in a Redis sorted set and publishes leaderboard_update; a subscriber broadcasts the top 10 to every
// Socket.IO client (update_leaderboard); a new client gets current_leaderboard. Redis from Debian, as the seed.
import express from 'express';
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { createClient } from 'redis';

const port = Number(process.env.PORT || 3011);
const key = process.env.KEY || 'leaderboard';
const redis = createClient({ url: process.env.REDIS_URL || 'redis://127.0.0.1:6379' });
const subscriber = redis.duplicate();
await redis.connect();
await subscriber.connect();

const app = express();
app.use(express.json());
const server = createServer(app);
const io = new Server(server, { cors: { origin: '*' } });

const top10 = async () => (await redis.zRangeWithScores(key, 0, 9, { REV: true }))
  .map(({ value, score }) => ({ username: value, score }));

app.post('/score', async (req, res) => {
  const { username, score } = req.body;
  await redis.zAdd(key, { score: Number(score), value: String(username) });
  await redis.publish('leaderboard_update', '1');
  res.json({ ok: true });
});

await subscriber.subscribe('leaderboard_update', async () => io.emit('update_leaderboard', await top10()));
io.on('connection', async (socket) => socket.emit('current_leaderboard', await top10()));
server.listen(port, '127.0.0.1', () => console.log(`peer listening on ${port}`));
