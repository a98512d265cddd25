package dev.holdline.leaderboard.service;

import dev.holdline.events.leaderboard.ScoreSubmitted;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The players of one board period in rank order, with rank reads in O(log n): an indexable skip list (each
 * link knows how many entries it skips, as Redis's sorted sets do) plus a map from player to entry. Order:
 * the better score first (higher for descending boards, lower for ascending ones); of equal scores, the one
 * reached earlier; then the lower sequence number, so that every replica ranks ties alike.
 *
 * <p>Not thread-safe: {@link BoardRanks} guards each index with a lock.
 */
public final class RankIndex {

    /** One ranked entry, as stored; {@code revision} grows with every change of the stored row. */
    public record Entry(String player, String name, double score, long reachedAt, long seq, long revision) {

        /** The entry a score of {@code score.submitted} announces. */
        static Entry of(ScoreSubmitted.Score s) {
            return new Entry(s.player(), s.name(), s.score(), s.reachedAt(), s.seq(), s.revision());
        }
    }

    private static final int MAX_LEVEL = 32;
    private static final int MAX_REMOVALS = 10_000;

    private static final class Node {
        final Entry entry;
        final double key; // the score, negated on descending boards: ascending key order is rank order
        final Node[] next;
        final int[] span;

        Node(Entry entry, double key, int level) {
            this.entry = entry;
            this.key = key;
            this.next = new Node[level];
            this.span = new int[level];
        }
    }

    private final boolean descending;
    private final Node head = new Node(null, 0, MAX_LEVEL);
    private final Map<String, Node> byPlayer = new HashMap<>();
    private final Map<String, Long> removedUpTo = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_REMOVALS;
        }
    };
    private int level = 1;

    public RankIndex(boolean descending) {
        this.descending = descending;
    }

    public int size() {
        return byPlayer.size();
    }

    public Entry get(String player) {
        Node node = byPlayer.get(player);
        return node == null ? null : node.entry;
    }

    /**
     * Adds or replaces the player's entry, unless the one held is this revision or newer, or an entry up to this
     * revision was removed; returns whether it did.
     */
    public boolean put(Entry entry) {
        Entry held = get(entry.player());
        if (held != null && held.revision() >= entry.revision()) {
            return false;
        }
        Long removed = removedUpTo.get(entry.player());
        if (removed != null && removed >= entry.revision()) {
            return false; // the removal came first (another replica's event, or a rank taken after it)
        }
        remove(entry.player());
        double key = descending ? -entry.score() : entry.score();
        Node[] update = new Node[MAX_LEVEL];
        int[] rank = new int[MAX_LEVEL];
        Node x = head;
        for (int i = level - 1; i >= 0; i--) {
            rank[i] = i == level - 1 ? 0 : rank[i + 1];
            while (x.next[i] != null && before(x.next[i], key, entry)) {
                rank[i] += x.span[i];
                x = x.next[i];
            }
            update[i] = x;
        }
        int newLevel = randomLevel();
        if (newLevel > level) {
            for (int i = level; i < newLevel; i++) {
                rank[i] = 0;
                update[i] = head;
                head.span[i] = size();
            }
            level = newLevel;
        }
        Node node = new Node(entry, key, newLevel);
        for (int i = 0; i < newLevel; i++) {
            node.next[i] = update[i].next[i];
            update[i].next[i] = node;
            node.span[i] = update[i].span[i] - (rank[0] - rank[i]);
            update[i].span[i] = rank[0] - rank[i] + 1;
        }
        for (int i = newLevel; i < level; i++) {
            update[i].span[i]++;
        }
        byPlayer.put(entry.player(), node);
        return true;
    }

    /**
     * {@link #put} of each entry in turn (a batch of scores: a player's later entry after their earlier one);
     * returns whether any changed the ranks.
     */
    public boolean putAll(List<Entry> entries) {
        boolean changed = false;
        for (Entry entry : entries) {
            changed |= put(entry);
        }
        return changed;
    }

    /**
     * Removes the player's entry if its revision is {@code revision} or older, and remembers to refuse such an
     * entry later (at most {@value #MAX_REMOVALS} players remembered: the oldest are forgotten); returns whether
     * the ranks changed.
     */
    public boolean removeUpTo(String player, long revision) {
        removedUpTo.merge(player, revision, Math::max);
        Entry held = get(player);
        return held != null && held.revision() <= revision && remove(player);
    }

    /** Removes the player; returns whether they were there. */
    public boolean remove(String player) {
        Node node = byPlayer.remove(player);
        if (node == null) {
            return false;
        }
        Node[] update = new Node[MAX_LEVEL];
        Node x = head;
        for (int i = level - 1; i >= 0; i--) {
            while (x.next[i] != null && x.next[i] != node && before(x.next[i], node.key, node.entry)) {
                x = x.next[i];
            }
            update[i] = x;
        }
        for (int i = 0; i < level; i++) {
            if (update[i].next[i] == node) {
                update[i].span[i] += node.span[i] - 1;
                update[i].next[i] = node.next[i];
            } else {
                update[i].span[i]--;
            }
        }
        while (level > 1 && head.next[level - 1] == null) {
            level--;
        }
        return true;
    }

    /** The player's 1-based rank, or 0 if they have no entry. */
    public int rankOf(String player) {
        Node node = byPlayer.get(player);
        if (node == null) {
            return 0;
        }
        int rank = 0;
        Node x = head;
        for (int i = level - 1; i >= 0; i--) {
            while (x.next[i] != null && (x.next[i] == node || before(x.next[i], node.key, node.entry))) {
                rank += x.span[i];
                x = x.next[i];
                if (x == node) {
                    return rank;
                }
            }
        }
        return rank;
    }

    /** Up to {@code count} entries from 1-based rank {@code from} on, in rank order. */
    public List<Entry> range(int from, int count) {
        List<Entry> out = new ArrayList<>(Math.max(0, Math.min(count, size() - from + 1)));
        if (from < 1 || from > size() || count <= 0) {
            return out;
        }
        int traversed = 0;
        Node x = head;
        for (int i = level - 1; i >= 0; i--) {
            while (x.next[i] != null && traversed + x.span[i] <= from) {
                traversed += x.span[i];
                x = x.next[i];
            }
            if (traversed == from) {
                break;
            }
        }
        while (x != null && out.size() < count) {
            out.add(x.entry);
            x = x.next[0];
        }
        return out;
    }

    /** Whether {@code node} ranks before an entry with {@code key} and {@code entry}'s tie-breakers. */
    private static boolean before(Node node, double key, Entry entry) {
        int byKey = Double.compare(node.key, key);
        if (byKey != 0) {
            return byKey < 0;
        }
        if (node.entry.reachedAt() != entry.reachedAt()) {
            return node.entry.reachedAt() < entry.reachedAt();
        }
        return node.entry.seq() < entry.seq();
    }

    private static int randomLevel() {
        int level = 1;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (level < MAX_LEVEL && random.nextInt(4) == 0) {
            level++;
        }
        return level;
    }
}
