package io.ovnbgp.bgp.rib;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovnbgp.bgp.wire.Prefix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The RIB's open-addressing prefix table against a HashMap doing the same operations. */
class PrefixTableTest {
    private static int handles;

    /** A fresh path handle (the table stores handles, never NONE). */
    private static int path() {
        return ++handles;
    }

    private static Prefix randomPrefix(Random r) {
        if (r.nextInt(10) == 0) {
            return Prefix.ipv6(0x20010db8_00000000L | r.nextInt(64), 0, 48 + r.nextInt(17));
        }
        // a small address space, so that probe runs collide and removals shift entries
        return Prefix.ipv4(0x0A000000 | (r.nextInt(4096) << 8), r.nextInt(5) == 0 ? r.nextInt(33) : 24);
    }

    private static Map<Prefix, Integer> contents(PrefixTable t) {
        Map<Prefix, Integer> m = new HashMap<>();
        t.forEach((x, p) -> assertThat(m.put(x, p)).as("%s visited twice", x).isNull());
        return m;
    }

    @Test
    void randomPutsRemovesAndBulkUpdatesAgreeWithAHashMap() {
        Random r = new Random(42);
        PrefixTable t = new PrefixTable();
        Map<Prefix, Integer> ref = new HashMap<>();
        for (int round = 0; round < 40; round++) {
            for (int i = 0; i < 2000; i++) {
                Prefix x = randomPrefix(r);
                if (r.nextInt(3) == 0) {
                    t.remove(x);
                    ref.remove(x);
                } else {
                    int p = path();
                    t.put(x, p);
                    ref.put(x, p);
                }
                if (i % 97 == 0) {
                    assertThat(t.get(x)).isEqualTo(ref.getOrDefault(x, PathArena.NONE));
                }
            }
            // a walk that drops about a third, replaces a third and keeps the rest
            List<Prefix> seen = new ArrayList<>();
            int salt = round;
            t.update((x, head) -> {
                seen.add(x);
                assertThat(head).isEqualTo(ref.get(x));
                int h = Math.floorMod(x.hashCode() + salt, 3);
                return h == 0 ? PathArena.NONE : h == 1 ? path() : head;
            });
            assertThat(seen).hasSize(ref.size()).doesNotHaveDuplicates();
            Map<Prefix, Integer> after = contents(t);
            for (Prefix x : seen) {
                int h = Math.floorMod(x.hashCode() + round, 3);
                if (h == 0) {
                    ref.remove(x);
                } else if (h == 1) {
                    ref.put(x, after.get(x));
                }
            }
            assertThat(after).isEqualTo(ref);
            assertThat(t.size()).isEqualTo(ref.size());
            for (Prefix x : ref.keySet()) {
                assertThat(t.get(x)).isEqualTo(ref.get(x));
            }
        }
    }

    @Test
    void theDefaultRouteAndHostRoutesAreKeysLikeAnyOther() {
        PrefixTable t = new PrefixTable();
        int a = path();
        int b = path();
        t.put(Prefix.parse("0.0.0.0/0"), a);
        t.put(Prefix.parse("255.255.255.255/32"), b);
        assertThat(t.get(Prefix.parse("0.0.0.0/0"))).isEqualTo(a);
        assertThat(t.get(Prefix.parse("0.0.0.0/1"))).isEqualTo(PathArena.NONE);
        assertThat(t.get(Prefix.parse("255.255.255.255/32"))).isEqualTo(b);
        t.remove(Prefix.parse("0.0.0.0/0"));
        assertThat(t.get(Prefix.parse("0.0.0.0/0"))).isEqualTo(PathArena.NONE);
        assertThat(t.size()).isEqualTo(1);
    }

    @Test
    void aTableOfManyPagesSplitsWithoutLosingOrDuplicatingAnEntry() {
        Random r = new Random(16);
        PrefixTable t = new PrefixTable();
        Map<Prefix, Integer> ref = new HashMap<>();
        List<Prefix> added = new ArrayList<>();
        for (int i = 0; i < 300_000; i++) {
            Prefix x = Prefix.ipv4(r.nextInt(), 8 + r.nextInt(25));
            int h = path();
            t.put(x, h);
            ref.put(x, h);
            added.add(x);
        }
        assertThat(t.size()).isEqualTo(ref.size());
        for (int i = 0; i < added.size(); i += 2) {
            t.remove(added.get(i));
            ref.remove(added.get(i));
        }
        for (int i = 0; i < added.size(); i += 3) {
            int h = path();
            t.put(added.get(i), h);
            ref.put(added.get(i), h);
        }
        assertThat(t.size()).isEqualTo(ref.size());
        assertThat(contents(t)).isEqualTo(ref);
        for (Prefix x : added) {
            assertThat(t.get(x)).isEqualTo(ref.getOrDefault(x, PathArena.NONE));
        }
        t.update((x, head) -> head % 2 == 0 ? PathArena.NONE : head);
        ref.values().removeIf(h -> h % 2 == 0);
        assertThat(contents(t)).isEqualTo(ref);
    }
}
