// What a TypeScript user writes against the published types; compiled with tsc --noEmit by test/package.test.mjs.
import { HoldlineClient, type HoldlineEvent, type Subscription, type StateChange } from '@holdline/client';

interface ChatMessage {
  user: string;
  text: string;
}

const client = new HoldlineClient({
  token: async ({ fresh }) => (fresh ? 'a fresh token' : 'a cached token'),
  cursorStore: { getItem: () => null, setItem: () => undefined },
  persistKey: 'cursors',
});

// a typed handler: event.data is a ChatMessage
const room: Subscription<ChatMessage> = client.subscribe<ChatMessage>('room:tabs', (event: HoldlineEvent<ChatMessage>) => {
  const text: string = event.data.text;
  console.log(event.cursor, text.toUpperCase());
});
room.on('gap', ({ channel, reason }) => console.log(channel, reason));
room.on('event', (event) => {
  // @ts-expect-error: data is a ChatMessage, which has no `score`
  console.log(event.data.score);
});

client.on('state', ({ state, reason }: StateChange) => {
  // @ts-expect-error: not a state the client has
  if (state === 'live') console.log(reason);
});
client.on<ChatMessage>('chat.message', (event) => console.log(event.data.user));

// @ts-expect-error: the token function takes {fresh}, and a number is no token
new HoldlineClient({ token: () => 42 });

const started: HoldlineClient = client.start();
void started.stop().then(() => room.unsubscribe());
const last: string | undefined = client.cursor('room:tabs');
console.log(last);
