package io.ovnbgp.ovsdb.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PersistentMapTest {
    /** A key whose hash the test chooses, so that whole-hash collisions and shared prefixes happen often. */
    private record Key(int id, int hash) {
        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.id == id;
        }
    }

    @Test
    void behavesAsAHashMapUnderRandomChangesAndEveryVersionStaysAsItWas() {
        Random rnd = new Random(42);
        PersistentMap<Key, Integer> p = PersistentMap.empty();
        Map<Key, Integer> model = new HashMap<>();
        List<PersistentMap<Key, Integer>> versions = new ArrayList<>();
        List<Map<Key, Integer>> models = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            int id = rnd.nextInt(3_000);
            // few distinct hashes (collisions) for some keys, spread hashes for the others
            Key k = new Key(id, id % 3 == 0 ? id % 7 : id * 0x9E3779B9);
            if (rnd.nextInt(3) == 0) {
                p = p.minus(k);
                model.remove(k);
            } else {
                int v = rnd.nextInt(5);
                p = p.plus(k, v);
                model.put(k, v);
            }
            if (i % 2_000 == 0) {
                versions.add(p);
                models.add(new HashMap<>(model));
            }
            assertThat(p.size()).isEqualTo(model.size());
        }
        assertThat(p).isEqualTo(model);
        assertThat(new HashSet<>(p.keySet())).isEqualTo(model.keySet());
        for (int i = 0; i < versions.size(); i++) {
            assertThat(versions.get(i)).isEqualTo(models.get(i));
        }
        for (Key k : model.keySet()) {
            p = p.minus(k);
        }
        assertThat(p).isEmpty();
        assertThat(p.entrySet().iterator().hasNext()).isFalse();
    }

    @Test
    void unchangedMapsAreTheSameObject() {
        PersistentMap<String, String> a = PersistentMap.<String, String>empty().plus("k", "v");
        assertThat(a.plus("k", a.get("k"))).isSameAs(a);
        assertThat(a.minus("absent")).isSameAs(a);
    }

    @Test
    void setTogglesAsAnUpdate2DiffDoes() {
        PersistentSet<String> s = PersistentSet.copyOf(Set.of("a", "b"));
        PersistentSet<String> t = s.toggle("a").toggle("c");
        assertThat(t).containsExactlyInAnyOrder("b", "c");
        assertThat(s).containsExactlyInAnyOrder("a", "b");
        assertThat(t).isEqualTo(Set.of("b", "c"));
        assertThat(t.hashCode()).isEqualTo(Set.of("b", "c").hashCode());
    }
}
