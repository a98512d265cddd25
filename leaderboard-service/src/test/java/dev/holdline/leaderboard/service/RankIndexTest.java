package dev.holdline.leaderboard.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RankIndexTest {

    private static RankIndex.Entry entry(String player, double score, long reachedAt, long seq) {
        return new RankIndex.Entry(player, player, score, reachedAt, seq, seq);
    }

    @Test
    void shouldRankHigherScoresFirstOnADescendingBoardAndEarlierFirstOnTies() {
        RankIndex index = new RankIndex(true);
        index.put(entry("a", 10, 5, 1));
        index.put(entry("b", 30, 9, 2));
        index.put(entry("c", 10, 3, 3)); // same score as a, reached earlier
        index.put(entry("d", 20, 1, 4));

        assertEquals(List.of("b", "d", "c", "a"), index.range(1, 10).stream().map(RankIndex.Entry::player).toList());
        assertEquals(1, index.rankOf("b"));
        assertEquals(3, index.rankOf("c"));
        assertEquals(4, index.rankOf("a"));
        assertEquals(0, index.rankOf("nobody"));
    }

    @Test
    void shouldRefuseARemovedEntryArrivingLateButTakeANewerOne() {
        RankIndex index = new RankIndex(true);
        index.put(entry("a", 10, 1, 1));
        index.put(entry("b", 30, 2, 5));

        assertTrue(index.removeUpTo("b", 5));
        assertEquals(1, index.rankOf("a"));
        assertFalse(index.put(entry("b", 30, 2, 5)), "the removed entry, read again (a late event)");
        assertFalse(index.put(entry("b", 20, 2, 4)), "an older one");
        assertEquals(0, index.rankOf("b"));
        assertTrue(index.put(entry("b", 40, 3, 6)), "posted again after the removal");
        assertEquals(1, index.rankOf("b"));
        assertFalse(index.removeUpTo("b", 5), "a removal older than the entry held");
        assertEquals(1, index.rankOf("b"));
        assertFalse(index.removeUpTo("nobody", 9));
    }

    @Test
    void shouldRankLowerScoresFirstOnAnAscendingBoard() {
        RankIndex index = new RankIndex(false);
        index.put(entry("slow", 61.5, 1, 1));
        index.put(entry("fast", 42.25, 2, 2));

        assertEquals(1, index.rankOf("fast"));
        assertEquals(List.of("fast", "slow"), index.range(1, 2).stream().map(RankIndex.Entry::player).toList());
    }

    @Test
    void shouldMoveAPlayerWhoseScoreIsReplacedAndForgetARemovedOne() {
        RankIndex index = new RankIndex(true);
        index.put(entry("a", 1, 1, 1));
        index.put(entry("b", 2, 2, 2));
        index.put(entry("a", 3, 3, 3));

        assertEquals(2, index.size());
        assertEquals(1, index.rankOf("a"));
        assertTrue(index.remove("a"));
        assertNull(index.get("a"));
        assertEquals(1, index.rankOf("b"));
        assertEquals(List.of("b"), index.range(1, 5).stream().map(RankIndex.Entry::player).toList());
    }

    @Test
    void shouldKeepTheNewerRevisionWhenAnOlderOneArrivesLate() {
        RankIndex index = new RankIndex(true);
        index.put(new RankIndex.Entry("a", "a", 50, 1, 1, 2));

        assertEquals(false, index.put(new RankIndex.Entry("a", "a", 10, 1, 1, 1)));

        assertEquals(50, index.get("a").score());
    }

    @Test
    void shouldTakeABatchAsItsEntriesOneByOneRefusingWhatIsRemovedOrOlder() {
        RankIndex index = new RankIndex(true);
        index.put(entry("held", 50, 1, 10));
        index.put(entry("gone", 40, 1, 11));
        index.removeUpTo("gone", 11);

        boolean changed = index.putAll(List.of(
                new RankIndex.Entry("held", "held", 5, 2, 2, 9), // older than the entry held: refused
                new RankIndex.Entry("gone", "gone", 99, 2, 3, 11), // up to the removal: refused
                new RankIndex.Entry("twice", "twice", 20, 2, 4, 12),
                new RankIndex.Entry("tie", "tie", 30, 1, 5, 13),
                new RankIndex.Entry("twice", "twice", 30, 3, 6, 14), // the player's second score of the batch
                new RankIndex.Entry("late", "late", 30, 1, 4, 15))); // same score and time as tie, lower seq

        assertTrue(changed);
        assertEquals(List.of("held", "late", "tie", "twice"),
                index.range(1, 10).stream().map(RankIndex.Entry::player).toList());
        assertEquals(50, index.get("held").score());
        assertEquals(14, index.get("twice").revision());
        assertFalse(index.putAll(List.of(entry("held", 1, 1, 10), new RankIndex.Entry("gone", "gone", 1, 1, 1, 3))),
                "a batch of entries already held or removed changes nothing");
        assertTrue(index.putAll(List.of(new RankIndex.Entry("gone", "gone", 60, 4, 7, 16))),
                "an entry newer than the removal is kept");
        assertEquals(1, index.rankOf("gone"));
    }

    @Test
    void shouldAgreeWithASortedListThroughManyRandomChanges() {
        Random random = new Random(42);
        RankIndex index = new RankIndex(true);
        Map<String, RankIndex.Entry> model = new HashMap<>();
        for (long seq = 1; seq <= 20_000; seq++) {
            String player = "p" + random.nextInt(2_000);
            if (random.nextInt(10) == 0) {
                assertEquals(model.remove(player) != null, index.remove(player));
            } else {
                RankIndex.Entry e = entry(player, random.nextInt(500), random.nextInt(1_000), seq);
                model.put(player, e);
                index.put(e);
            }
        }
        List<RankIndex.Entry> sorted = new ArrayList<>(model.values());
        sorted.sort(Comparator.comparingDouble((RankIndex.Entry e) -> -e.score())
                .thenComparingLong(RankIndex.Entry::reachedAt).thenComparingLong(RankIndex.Entry::seq));
        assertEquals(sorted.size(), index.size());
        assertEquals(sorted, index.range(1, sorted.size()));
        for (int rank = 1; rank <= sorted.size(); rank += 7) {
            assertEquals(rank, index.rankOf(sorted.get(rank - 1).player()));
            assertEquals(sorted.subList(rank - 1, Math.min(sorted.size(), rank + 4)), index.range(rank, 5));
        }
    }
}
