import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Holds many long-polls against Holdline's poll-gateway or Nchan, publishes, and prints what it measured.
 * Usage: LongPollBench holdline|nchan PORT SERVER_PID HELD THROUGHPUT_CLIENTS SECONDS [TOKEN] (memory and the
 * poll loop against one server), or LongPollBench fanout HELD ROUNDS HOLDLINE_PORT HOLDLINE_PID TOKEN
 * NCHAN_PORT NCHAN_PID (fan-outs, the two taking turns; a port of 0 leaves that server out).
 * Connections come from several 127.0.0.x source addresses. Bounded in count and time; stops by itself.
 */
public class LongPollBench {

    static final String[] SOURCES = { "127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5" };

    final boolean holdline;
    final int port;
    final long pid;
    final String token;
    final Vertx vertx;
    /** The held polls' connections, from {@link #SOURCES}; a fan-out side keeps them from round to round. */
    final List<HttpClient> clients = new ArrayList<>();
    /** Publishing and asking for stats: never queued behind the held polls. */
    final HttpClient control;

    LongPollBench(Vertx vertx, boolean holdline, int port, long pid, String token) {
        this.vertx = vertx;
        this.holdline = holdline;
        this.port = port;
        this.pid = pid;
        this.token = token;
        control = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
                .setKeepAlive(true).setConnectTimeout(30000), new PoolOptions().setHttp1MaxSize(64));
    }

    /** Connection pools for up to {@code connections} held polls, spread over the source addresses. */
    void openClients(int connections) {
        for (String source : SOURCES) {
            clients.add(vertx.createHttpClient(new HttpClientOptions().setLocalAddress(source)
                    .setDefaultHost("127.0.0.1").setDefaultPort(port).setKeepAlive(true).setIdleTimeout(0)
                    .setConnectTimeout(30000),
                    new PoolOptions().setHttp1MaxSize(connections / SOURCES.length + 16).setMaxWaitQueueSize(-1)));
        }
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("fanout")) { // only coordinates the sides' processes: no connections of its own
            pairedFanOuts(args);
            return;
        }
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        try {
            if (args[0].equals("side")) {
                fanOutSide(vertx, args);
            } else {
                serverRun(vertx, args);
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** Memory, warm-up and the poll loop against one server. */
    static void serverRun(Vertx vertx, String[] args) throws Exception {
        boolean holdline = args[0].equals("holdline");
        int held = Integer.parseInt(args[3]);
        int clients = Integer.parseInt(args[4]);
        LongPollBench bench = new LongPollBench(vertx, holdline, Integer.parseInt(args[1]), Long.parseLong(args[2]),
                args.length > 6 ? args[6] : null);
        bench.openClients(Math.max(held, clients) + 64);
        // memory first, in a process that has served only a small warm-up round: a JVM that has already
        // held N polls keeps the heap it grew for them, and would then show almost no growth at all
        bench.holdAndFanOut(Math.max(100, held / 10), Report.NOTHING);
        bench.holdAndFanOut(held, Report.MEMORY);
        // latency and throughput warm, as both servers run in production. Warm means compiled: a JVM whose
        // JIT is still compiling spends a core on it. The publish call is reached once per 100 deliveries,
        // too rarely for the poll loop to warm it, so it gets its own round; then poll loops until the JIT
        // has little left to do (nginx has no JIT: one round). What the JIT still used while measuring is
        // printed with the figures.
        bench.holdAndFanOut(Math.max(100, held / 3), Report.NOTHING);
        bench.throughput(clients, 10, false);
        if (holdline) { // a JIT warm-up; Nchan's publisher also stalled on it in 2 of 5 runs (5 minutes idle)
            bench.publishMany(20_000);
        }
        for (int round = 0; round < 5; round++) {
            long jit = bench.compilerMillis();
            bench.throughput(clients, 10, false);
            if (bench.compilerMillis() - jit < 100) {
                break;
            }
        }
        // measured right after its warm-up: a loop measured after fan-outs finds the JIT recompiling what
        // the fan-outs' different profile had deoptimised
        bench.throughput(clients, Integer.parseInt(args[5]), true);
    }

    /**
     * Fan-outs to HELD waiters, Holdline and Nchan taking turns, both servers running and warm: a busy
     * neighbour or a slow spell of this shared machine then hits both alike, where two runs minutes apart
     * compared one server's quiet minute with the other's noisy one. Usage: fanout HELD ROUNDS HOLDLINE_PORT
     * HOLDLINE_PID TOKEN NCHAN_PORT NCHAN_PID (a port of 0 leaves that server out). Each server's polls come
     * from a client process of its own ({@link #fanOutSide}), which keeps its connections between rounds as
     * a browser keeps its keep-alive connection: one process may not open the 30,000 files that both sides'
     * connections need. Prints every round, and per server the median of each figure.
     */
    static void pairedFanOuts(String[] args) throws Exception {
        String held = args[1];
        int rounds = Integer.parseInt(args[2]);
        List<Side> sides = new ArrayList<>();
        if (!args[3].equals("0")) {
            sides.add(new Side("holdline", args[3], args[4], args[5]));
        }
        if (!args[6].equals("0")) {
            sides.add(new Side("nchan", args[6], args[7], "-"));
        }
        try {
            // unreported rounds until the JIT is quiet, in the server and in the side's fresh client process
            for (Side side : sides) {
                side.fanOut(held, "WARM");
            }
            List<Double> ratios = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                // who goes first alternates: neither always runs right after the other
                List<Side> order = new ArrayList<>(sides);
                if (round % 2 == 0) {
                    java.util.Collections.reverse(order);
                }
                for (Side side : order) {
                    System.out.printf("-- round %d, %s, %s%n", round, side.name, java.time.LocalTime.now());
                    side.rounds.add(side.fanOut(held, Report.LATENCY.name()));
                }
                StringBuilder line = new StringBuilder("round " + round + ": p99");
                for (Side side : sides) {
                    line.append(String.format(" %s %.1f ms", side.name, last(side.rounds).p99()));
                }
                if (sides.size() == 2) {
                    double ratio = last(sides.get(0).rounds).p99() / last(sides.get(1).rounds).p99();
                    ratios.add(ratio);
                    line.append(String.format(": %.2fx", ratio));
                }
                System.out.println(line);
            }
            for (Side side : sides) {
                System.out.printf("RESULT %s p50_ms=%.2f p99_ms=%.2f max_ms=%.2f fanout_cpu_us_per_answer=%.1f%n",
                        side.name, median(side.rounds, FanOut::p50), median(side.rounds, FanOut::p99),
                        median(side.rounds, FanOut::max), median(side.rounds, FanOut::cpuMicrosPerAnswer));
            }
            if (!ratios.isEmpty()) {
                System.out.printf("RESULT pairs p99_ratio_median=%.2f p99_ratios=%s%n", median(ratios,
                        Double::doubleValue), ratios.stream().map(r -> String.format("%.2f", r)).toList());
            }
        } finally {
            for (Side side : sides) {
                side.process.destroy();
            }
        }
    }

    /** A client process holding one server's polls, run by {@link #pairedFanOuts} one round at a time. */
    static final class Side {
        final String name;
        final Process process;
        final java.io.PrintWriter commands;
        final java.io.BufferedReader output;
        final List<FanOut> rounds = new ArrayList<>();

        Side(String name, String port, String pid, String token) throws Exception {
            this.name = name;
            String java = ProcessHandle.current().info().command().orElse("java");
            process = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                    LongPollBench.class.getName(), "side", name, port, pid, token)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            commands = new java.io.PrintWriter(process.getOutputStream(), true);
            output = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream()));
        }

        /** One fan-out round in the side's process; its report lines are passed on. */
        FanOut fanOut(String held, String report) throws Exception {
            commands.println(held + " " + report);
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                if (line.startsWith("FANOUT ")) {
                    String[] f = line.split(" ");
                    return new FanOut(Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                            Integer.parseInt(f[4]), Double.parseDouble(f[5]));
                }
                System.out.println(line);
            }
            throw new IllegalStateException(name + "'s client process ended: exit " + process.waitFor());
        }
    }

    /**
     * Unreported fan-outs until the JIT compilers of the server (Holdline) and of this fresh client process
     * used under 50 ms in one (at most 6): a cold client spent 540-740 ms of CPU on a fan-out that a warm one
     * read with 280.
     */
    FanOut warmFanOuts(int held) throws Exception {
        long self = ProcessHandle.current().pid();
        FanOut last = null;
        for (int round = 1; round <= 6; round++) {
            long compiling = compilerMillis() + compilerMillis(self);
            last = holdAndFanOut(held, Report.NOTHING);
            compiling = compilerMillis() + compilerMillis(self) - compiling;
            System.out.printf("warm-up fan-out %d: p99 %.1f ms, %d ms compiling (server and client)%n", round,
                    last.p99(), compiling);
            if (compiling < 50) {
                break;
            }
        }
        return last;
    }

    /** The client process of one side: reads "HELD REPORT" lines, runs a fan-out for each, prints FANOUT. */
    static void fanOutSide(Vertx vertx, String[] args) throws Exception {
        LongPollBench bench = new LongPollBench(vertx, args[1].equals("holdline"), Integer.parseInt(args[2]),
                Long.parseLong(args[3]), args[4].equals("-") ? null : args[4]);
        var commands = new java.io.BufferedReader(new java.io.InputStreamReader(System.in));
        for (String line = commands.readLine(); line != null; line = commands.readLine()) {
            String[] command = line.split(" ");
            int held = Integer.parseInt(command[0]);
            if (bench.clients.isEmpty()) {
                bench.openClients(held + 64);
            }
            FanOut f;
            if (command[1].equals("WARM")) {
                f = bench.warmFanOuts(held);
            } else {
                f = bench.holdAndFanOut(held, Report.valueOf(command[1]));
            }
            System.out.printf(java.util.Locale.ROOT, "FANOUT %.3f %.3f %.3f %d %.2f%n", f.p50(), f.p99(), f.max(),
                    f.answers(), f.cpuMicrosPerAnswer());
            System.out.flush();
        }
    }

    static <T> T last(List<T> list) {
        return list.get(list.size() - 1);
    }

    static <T> double median(List<T> values, java.util.function.ToDoubleFunction<T> figure) {
        double[] sorted = values.stream().mapToDouble(figure).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    // ---- one event to HELD parked polls -------------------------------------------------------------

    enum Report { NOTHING, MEMORY, LATENCY }

    /** One fan-out's figures, in ms and us. */
    record FanOut(double p50, double p99, double max, int answers, double cpuMicrosPerAnswer) {
    }

    FanOut holdAndFanOut(int held, Report report) throws Exception {
        String channel = "fan" + System.nanoTime() % 100000;
        String cursor = holdline ? now(channel) : null;
        System.gc();
        Thread.sleep(1000);
        long rssBefore = rssKb();
        long[] arrived = new long[held];
        CountDownLatch answered = new CountDownLatch(held);
        AtomicInteger failed = new AtomicInteger();
        for (int i = 0; i < held; i++) {
            int n = i;
            arrivals(clients.get(i % clients.size()), channel, cursor).onComplete(r -> {
                if (r.succeeded() && r.result() > 0) {
                    arrived[n] = r.result();
                } else {
                    failed.incrementAndGet();
                }
                answered.countDown();
            });
            if (i % 500 == 499) {
                Thread.sleep(20); // connect in waves, as a real crowd arrives
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (waiting(channel) < held && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        int parked = waiting(channel);
        Thread.sleep(1000);
        long rssHeld = rssKb();
        // the JVM's live heap with the polls parked and, below, once they are answered: what a held poll keeps,
        // whatever the collector's timing did to the resident size (both read after the RSS, as they collect)
        long liveHeld = holdline && report == Report.MEMORY ? liveHeapBytes() : 0;
        long cpuBefore = cpuMillis();
        long systemBefore = systemMillis;
        long clientBefore = clientCpuMillis();
        long jitBefore = compilerMillis();
        java.time.LocalTime phaseFrom = java.time.LocalTime.now();
        long published = System.nanoTime();
        publish(channel, "fan-out").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        answered.await(60, TimeUnit.SECONDS);
        long cpu = cpuMillis() - cpuBefore;
        long clientCpu = clientCpuMillis() - clientBefore;
        long jit = Math.max(0, compilerMillis() - jitBefore);
        long[] latencies = Arrays.stream(arrived).filter(t -> t > 0).map(t -> t - published).sorted().toArray();
        if (report == Report.MEMORY) {
            System.out.printf("held %d parked %d; server RSS %d MB -> %d MB: %.1f KB per held poll%n", held, parked,
                    rssBefore / 1024, rssHeld / 1024, (rssHeld - rssBefore) / (double) Math.max(1, parked));
            System.out.printf("RESULT memory_kb_per_poll=%.2f%n",
                    (rssHeld - rssBefore) / (double) Math.max(1, parked));
            if (holdline) {
                Thread.sleep(1000);
                long liveAfter = liveHeapBytes();
                System.out.printf("live heap (jmap -histo:live): %d MB with the polls parked, %d MB once answered "
                        + "(connections still open): %.1f KB per parked request over its connection%n",
                        liveHeld >> 20, liveAfter >> 20, (liveHeld - liveAfter) / 1024.0 / Math.max(1, parked));
            }
        } else if (report == Report.LATENCY) {
            phase("fan-out", phaseFrom);
            System.out.printf("fan-out to %d waiters (%d failed): first %.1f ms  p50 %.1f ms  p99 %.1f ms  max %.1f ms%n",
                    latencies.length, failed.get(), latencies.length == 0 ? Double.NaN : latencies[0] / 1e6,
                    pct(latencies, 50), pct(latencies, 99), pct(latencies, 100));
            System.out.printf("server CPU for the fan-out: %d ms (%d ms in the kernel, %d ms compiling), %.1f us "
                    + "per answer; this client's CPU: %d ms%n", cpu, systemMillis - systemBefore, jit,
                    cpu * 1000.0 / Math.max(1, latencies.length), clientCpu);
        }
        return new FanOut(pct(latencies, 50), pct(latencies, 99), pct(latencies, 100), latencies.length,
                cpu * 1000.0 / Math.max(1, latencies.length));
    }

    // ---- CLIENTS polling in a loop while events are published for SECONDS ------------------------------

    void throughput(int clientsCount, int seconds, boolean report) throws Exception {
        int rooms = 20;
        String prefix = "tp" + System.nanoTime() % 100000 + "r";
        AtomicLong delivered = new AtomicLong();
        AtomicLong published = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 2);
        long stopPolling = end + TimeUnit.SECONDS.toNanos(2);
        CountDownLatch loopsDone = new CountDownLatch(clientsCount);
        for (int i = 0; i < clientsCount; i++) {
            String channel = prefix + (i % rooms);
            HttpClient client = clients.get(i % clients.size());
            loop(client, channel, null, null, delivered, stopPolling, loopsDone); // from now
        }
        Thread.sleep(2000); // let the loops park
        long from = System.nanoTime();
        long counted = delivered.get();
        long cpuBefore = cpuMillis();
        long systemBefore = systemMillis;
        long clientBefore = clientCpuMillis();
        long jitBefore = compilerMillis();
        java.time.LocalTime phaseFrom = java.time.LocalTime.now();
        int inFlight = 16;
        CountDownLatch publishers = new CountDownLatch(inFlight);
        for (int p = 0; p < inFlight; p++) {
            publishLoop(prefix, rooms, end, published, publishers);
        }
        publishers.await(seconds + 30L, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - from) / 1e9;
        Thread.sleep(1500);
        long got = delivered.get() - counted;
        long cpu = cpuMillis() - cpuBefore;
        long clientCpu = clientCpuMillis() - clientBefore;
        long jit = Math.max(0, compilerMillis() - jitBefore);
        while (System.nanoTime() < stopPolling) {
            Thread.sleep(50);
        }
        for (int room = 0; room < rooms; room++) { // release the last parked polls: the loops end
            publish(prefix + room, "last").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        loopsDone.await(30, TimeUnit.SECONDS);
        if (!report) {
            return;
        }
        phase("poll-loop", phaseFrom);
        System.out.printf("%d clients on %d rooms for %.1f s: published %d (%.0f/s), delivered %d events "
                + "(%.0f/s)%n", clientsCount, rooms, elapsed, published.get(), published.get() / elapsed, got,
                got / elapsed);
        System.out.printf("server CPU: %d ms (%d ms in the kernel, %d ms compiling), %.1f us per delivered event "
                + "(publishing included); this client's CPU: %d ms%n", cpu, systemMillis - systemBefore, jit,
                cpu * 1000.0 / Math.max(1, got), clientCpu);
        System.out.printf("RESULT delivered_per_s=%.0f published_per_s=%.0f loop_cpu_us_per_event=%.1f%n",
                got / elapsed, published.get() / elapsed, cpu * 1000.0 / Math.max(1, got));
    }

    void loop(HttpClient client, String channel, String cursor, String etag, AtomicLong delivered, long stop,
            CountDownLatch done) {
        if (System.nanoTime() > stop) {
            done.countDown();
            return;
        }
        Poll previous = new Poll(0, cursor, etag, null);
        poll(client, channel, cursor, previous).onComplete(r -> {
            if (r.succeeded()) {
                delivered.addAndGet(r.result().events);
                loop(client, channel, r.result().cursor, r.result().etag, delivered, stop, done);
            } else {
                vertx.setTimer(100, t -> loop(client, channel, cursor, etag, delivered, stop, done));
            }
        });
    }

    /** {@code count} messages to one channel nobody polls, 16 at a time: the publish path's warm-up. */
    void publishMany(int count) throws Exception {
        String channel = "warm" + System.nanoTime() % 100000;
        AtomicInteger left = new AtomicInteger(count);
        CountDownLatch done = new CountDownLatch(16);
        for (int p = 0; p < 16; p++) {
            publishNext(channel, left, done);
        }
        done.await(5, TimeUnit.MINUTES);
    }

    void publishNext(String channel, AtomicInteger left, CountDownLatch done) {
        if (left.decrementAndGet() < 0) {
            done.countDown();
            return;
        }
        publish(channel, "warm").onComplete(r -> publishNext(channel, left, done));
    }

    void publishLoop(String prefix, int rooms, long end, AtomicLong published, CountDownLatch done) {
        if (System.nanoTime() > end) {
            done.countDown();
            return;
        }
        String channel = prefix + (int) (published.get() % rooms);
        publish(channel, "m" + published.get()).onComplete(r -> {
            if (r.succeeded()) {
                published.incrementAndGet();
            }
            publishLoop(prefix, rooms, end, published, done);
        });
    }

    // ---- the two protocols -------------------------------------------------------------------------------

    /** events: how many arrived; cursor (Holdline) or last-modified + etag (Nchan): where to resume. */
    record Poll(int events, String cursor, String etag, String unused) {
    }

    /** A held poll on {@code channel}: Holdline from {@code cursor}, Nchan after {@code previous}'s message. */
    RequestOptions pollRequest(String channel, String cursor, Poll previous) {
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setTimeout(70000);
        if (holdline) {
            request.setURI("/api/poll?timeout=60&channel=room:" + channel + (cursor == null ? "" : "&cursor=" + cursor))
                    .putHeader("Authorization", "Bearer " + token);
        } else {
            request.setURI("/sub/" + channel);
            if (previous != null && previous.cursor() != null) {
                request.putHeader("If-Modified-Since", previous.cursor()).putHeader("If-None-Match", previous.etag());
            }
        }
        return request;
    }

    Future<Poll> poll(HttpClient client, String channel, String cursor, Poll previous) {
        return client.request(pollRequest(channel, cursor, previous)).compose(r -> r.send().compose(response -> response.body()
                .map(body -> read(response, body))));
    }

    /**
     * A held poll whose answer is timed when its status line and headers arrive (the same moment for both
     * servers, whatever their body format); 0 if it was not a 200.
     */
    Future<Long> arrivals(HttpClient client, String channel, String cursor) {
        return client.request(pollRequest(channel, cursor, null)).compose(r -> r.send()).compose(response -> {
            long at = System.nanoTime();
            return response.body().map(body -> response.statusCode() == 200 ? at : 0L);
        });
    }

    Poll read(HttpClientResponse response, Buffer body) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode());
        }
        if (holdline) {
            JsonObject json = body.toJsonObject();
            JsonArray events = json.getJsonArray("events");
            return new Poll(events.size(), json.getString("cursor"), null, null);
        }
        return new Poll(1, response.getHeader("Last-Modified"), response.getHeader("Etag"), null);
    }

    Future<Void> publish(String channel, String text) {
        HttpClient client = control;
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setTimeout(30000);
        Buffer body;
        if (holdline) {
            request.setURI("/api/rooms/" + channel + "/messages").putHeader("Authorization", "Bearer " + token)
                    .putHeader("Content-Type", "application/json");
            body = Buffer.buffer(new JsonObject().put("text", text).encode());
        } else {
            // the message an application would publish to Nchan: the same event, as JSON, that Holdline delivers
            // (a 7-byte text made Nchan's answers 270 bytes against Holdline's 455, less for it and its readers)
            request.setURI("/pub/" + channel).putHeader("Content-Type", "application/json");
            body = Buffer.buffer(nchanEvent(channel, text));
        }
        return client.request(request).compose(r -> r.send(body)).compose(r -> r.body().map(b -> {
            if (r.statusCode() >= 300) {
                throw new IllegalStateException("publish HTTP " + r.statusCode());
            }
            return (Void) null;
        }));
    }

    /** A chat message in Holdline's own envelope, as the gateway would put it on the stream, for Nchan. */
    static String nchanEvent(String channel, String text) {
        return dev.holdline.events.CloudEvent.create("poll-gateway", dev.holdline.events.EventTypes.CHAT_MESSAGE,
                "rooms/" + channel, List.of("room:" + channel),
                Map.of("room", channel, "sender", "bench", "text", text)).toJson();
    }

    /** Holdline's "now" cursor for a channel. */
    String now(String channel) throws Exception {
        Promise<String> result = Promise.promise();
        control.request(new RequestOptions().setMethod(HttpMethod.GET)
                .setURI("/api/poll?timeout=1&channel=room:" + channel).putHeader("Authorization", "Bearer " + token))
                .compose(r -> r.send().compose(HttpClientResponse::body))
                .onComplete(r -> result.handle(r.map(b -> b.toJsonObject().getString("cursor"))));
        return result.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Parked polls the server reports (Holdline stats, Nchan stub status). */
    int waiting(String channel) throws Exception {
        Promise<Integer> result = Promise.promise();
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET)
                .setURI(holdline ? "/api/poll/stats" : "/nchan_stub_status");
        if (holdline) {
            request.putHeader("Authorization", "Bearer " + token);
        }
        control.request(request).compose(r -> r.send().compose(HttpClientResponse::body)).onComplete(r ->
                result.handle(r.map(b -> holdline ? b.toJsonObject().getInteger("parkedPolls")
                        : Integer.parseInt(b.toString().replaceAll("(?s).*subscribers: (\\d+).*", "$1")))));
        try {
            return result.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            System.out.println("(stats call failed, asking again: " + e + ")");
            return -1;
        }
    }

    /** Bytes live in the server JVM's heap: the total of {@code jmap -histo:live}, which collects first. */
    long liveHeapBytes() throws Exception {
        Process jmap = new ProcessBuilder("jmap", "-histo:live", Long.toString(pid)).redirectErrorStream(true).start();
        String total = "";
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(jmap.getInputStream()))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("Total")) {
                    total = line;
                }
            }
        }
        jmap.waitFor(60, TimeUnit.SECONDS);
        String[] fields = total.trim().split("\\s+");
        return fields.length == 3 ? Long.parseLong(fields[2]) : 0;
    }

    /** Resident memory of the server: the process, or for nginx the master and all its workers. */
    long rssKb() throws Exception {
        long total = 0;
        for (long process : serverProcesses()) {
            total += rss(process);
        }
        return total;
    }

    /** For lining up a profile (GATEWAY_JAVA_OPTS) with the bench: the wall-clock span of a measured phase. */
    static void phase(String name, java.time.LocalTime from) {
        System.out.printf("PHASE %s %s %s%n", name, from, java.time.LocalTime.now());
    }

    /**
     * CPU time the server's JIT compiler threads have used so far, in ms (0 for nginx). HotSpot may retire idle
     * compiler threads, taking their time with them: compare two readings only over a short span.
     */
    long compilerMillis() throws Exception {
        return holdline ? compilerMillis(pid) : 0;
    }

    /** CPU time a JVM's JIT compiler threads have used so far, in ms. */
    static long compilerMillis(long pid) throws Exception {
        long total = 0;
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                        String stat = Files.readString(task.resolve("stat"));
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        total += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
                    }
                } catch (java.io.IOException ignored) {
                    // a thread that just ended
                }
            }
        }
        return total;
    }

    /** CPU time (user + system) the server has used so far, in ms: /proc/PID/stat, in clock ticks of 10 ms. */
    long cpuMillis() throws Exception {
        long user = 0;
        long system = 0;
        for (long process : serverProcesses()) {
            try {
                String[] stat = statFields(process);
                user += Long.parseLong(stat[11]);
                system += Long.parseLong(stat[12]);
            } catch (java.io.IOException ignored) {
                // a process that just ended
            }
        }
        systemMillis = system * 10;
        return (user + system) * 10;
    }

    /**
     * CPU time (user + system) this bench process has used so far, in ms: the client shares the machine's cores
     * with the server, so a fan-out's wall time is bounded by the two together.
     */
    static long clientCpuMillis() throws Exception {
        String[] stat = statFields(ProcessHandle.current().pid());
        return (Long.parseLong(stat[11]) + Long.parseLong(stat[12])) * 10;
    }

    /** The system (kernel) part of the last {@link #cpuMillis()}. */
    long systemMillis;

    /** The server's pid, and for nginx its workers too. */
    List<Long> serverProcesses() throws Exception {
        List<Long> all = new ArrayList<>(List.of(pid));
        if (!holdline) {
            try (var procs = Files.list(Path.of("/proc"))) {
                for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                    try {
                        long process = Long.parseLong(proc.getFileName().toString());
                        if (Long.parseLong(statFields(process)[1]) == pid) {
                            all.add(process);
                        }
                    } catch (Exception ignored) {
                        // a process that just ended
                    }
                }
            }
        }
        return all;
    }

    /** The fields of /proc/PID/stat after the command name: [0] is the state, [1] the parent pid. */
    static String[] statFields(long process) throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc/" + process + "/stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    static long rss(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return 0;
    }

    static double pct(long[] sortedNanos, int percentile) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(index, sortedNanos.length - 1))] / 1e6;
    }
}

/** Removes the bench run's exchange and stream queue from RabbitMQ: BenchBroker EXCHANGE QUEUE. */
class BenchBroker {
    public static void main(String[] args) throws Exception {
        com.rabbitmq.client.ConnectionFactory factory = new com.rabbitmq.client.ConnectionFactory();
        factory.setHost(System.getenv().getOrDefault("RABBITMQ_HOST", "127.0.0.1"));
        try (com.rabbitmq.client.Connection connection = factory.newConnection("bench cleanup");
                com.rabbitmq.client.Channel channel = connection.createChannel()) {
            channel.queueDelete(args[1]);
            channel.exchangeDelete(args[0]);
        }
    }
}
