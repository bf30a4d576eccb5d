package io.ovnbgp.ovsdb.client;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An immutable map whose {@link #plus} and {@link #minus} return a new map sharing all but one path with this one
 * (a hash array mapped trie, 32 ways per level): a change costs O(log32 n) instead of a copy of the whole map. The
 * Northbound cache needs this so that a snapshot per update stays cheap with 50,000 routes on a router. Reads are
 * as {@link Map}'s; the mutators of {@link Map} throw.
 */
public final class PersistentMap<K, V> extends AbstractMap<K, V> {
    private static final PersistentMap<?, ?> EMPTY = new PersistentMap<>(null, 0);
    private static final int BITS = 5;
    private static final int MASK = 31;

    private final Node root;
    private final int size;

    private PersistentMap(Node root, int size) {
        this.root = root;
        this.size = size;
    }

    @SuppressWarnings("unchecked")
    public static <K, V> PersistentMap<K, V> empty() {
        return (PersistentMap<K, V>) EMPTY;
    }

    /** {@code m} itself if it is persistent, else its entries in a new persistent map. */
    @SuppressWarnings("unchecked")
    public static <K, V> PersistentMap<K, V> copyOf(Map<? extends K, ? extends V> m) {
        if (m instanceof PersistentMap<?, ?> p) {
            return (PersistentMap<K, V>) p;
        }
        PersistentMap<K, V> out = empty();
        for (Map.Entry<? extends K, ? extends V> e : m.entrySet()) {
            out = out.plus(e.getKey(), e.getValue());
        }
        return out;
    }

    private static int hash(Object key) {
        int h = key.hashCode();
        return h ^ (h >>> 16);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean containsKey(Object key) {
        return key != null && root != null && root.find(key, hash(key), 0) != null;
    }

    @Override
    public V get(Object key) {
        if (key == null || root == null) {
            return null;
        }
        Leaf<K, V> l = leaf(root.find(key, hash(key), 0));
        return l == null ? null : l.value;
    }

    @SuppressWarnings("unchecked")
    private static <K, V> Leaf<K, V> leaf(Object o) {
        return (Leaf<K, V>) o;
    }

    /** This map with {@code key} mapped to {@code value}; this map itself when it already was. */
    public PersistentMap<K, V> plus(K key, V value) {
        if (key == null || value == null) {
            throw new NullPointerException("a persistent map holds no null key or value");
        }
        int h = hash(key);
        Leaf<K, V> fresh = new Leaf<>(h, key, value);
        if (root == null) {
            return new PersistentMap<>(new BitmapNode(1 << (h & MASK), new Object[] {fresh}), 1);
        }
        Leaf<K, V> old = leaf(root.find(key, h, 0));
        if (old != null && old.value == value) {
            return this;
        }
        return new PersistentMap<>(root.put(fresh, 0), old == null ? size + 1 : size);
    }

    /** This map without {@code key}; this map itself when it had none. */
    public PersistentMap<K, V> minus(Object key) {
        if (!containsKey(key)) {
            return this;
        }
        return new PersistentMap<>(root.remove(key, hash(key), 0), size - 1);
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<K, V>> iterator() {
                return new Walk<>(root);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    private record Leaf<K, V>(int hash, K key, V value) implements Map.Entry<K, V> {
        @Override
        public K getKey() {
            return key;
        }

        @Override
        public V getValue() {
            return value;
        }

        @Override
        public V setValue(V v) {
            throw new UnsupportedOperationException("persistent");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Map.Entry<?, ?> e && key.equals(e.getKey()) && value.equals(e.getValue());
        }

        @Override
        public int hashCode() {
            return key.hashCode() ^ value.hashCode();
        }
    }

    /** A node's slots hold leaves or nodes. */
    private abstract static class Node {
        final Object[] slots;

        Node(Object[] slots) {
            this.slots = slots;
        }

        /** The leaf of {@code key}, or null. */
        abstract Object find(Object key, int hash, int shift);

        /** This node with {@code fresh} in it (added or replacing the leaf of the same key). */
        abstract Node put(Leaf<?, ?> fresh, int shift);

        /** This node without {@code key} (which is present), or null when it would be empty. */
        abstract Node remove(Object key, int hash, int shift);
    }

    /** Up to 32 slots, one per 5 bits of hash at this level, present ones flagged in a bitmap. */
    private static final class BitmapNode extends Node {
        final int bitmap;

        BitmapNode(int bitmap, Object[] slots) {
            super(slots);
            this.bitmap = bitmap;
        }

        private int index(int bit) {
            return Integer.bitCount(bitmap & (bit - 1));
        }

        @Override
        Object find(Object key, int hash, int shift) {
            int bit = 1 << ((hash >>> shift) & MASK);
            if ((bitmap & bit) == 0) {
                return null;
            }
            Object s = slots[index(bit)];
            if (s instanceof Node n) {
                return n.find(key, hash, shift + BITS);
            }
            return ((Leaf<?, ?>) s).key.equals(key) ? s : null;
        }

        @Override
        Node put(Leaf<?, ?> fresh, int shift) {
            int bit = 1 << ((fresh.hash >>> shift) & MASK);
            int i = index(bit);
            if ((bitmap & bit) == 0) {
                Object[] a = new Object[slots.length + 1];
                System.arraycopy(slots, 0, a, 0, i);
                a[i] = fresh;
                System.arraycopy(slots, i, a, i + 1, slots.length - i);
                return new BitmapNode(bitmap | bit, a);
            }
            Object s = slots[i];
            Object replacement;
            if (s instanceof Node n) {
                replacement = n.put(fresh, shift + BITS);
            } else {
                Leaf<?, ?> l = (Leaf<?, ?>) s;
                replacement = l.key.equals(fresh.key) ? fresh : pair(l, fresh, shift + BITS);
            }
            Object[] a = slots.clone();
            a[i] = replacement;
            return new BitmapNode(bitmap, a);
        }

        @Override
        Node remove(Object key, int hash, int shift) {
            int bit = 1 << ((hash >>> shift) & MASK);
            int i = index(bit);
            Object s = slots[i];
            if (s instanceof Node n) {
                Node r = n.remove(key, hash, shift + BITS);
                if (r != null) {
                    Object[] a = slots.clone();
                    // a node left with one leaf is replaced by that leaf, keeping the trie shallow
                    a[i] = r.slots.length == 1 && r.slots[0] instanceof Leaf<?, ?> only ? only : r;
                    return new BitmapNode(bitmap, a);
                }
            }
            if (slots.length == 1) {
                return null;
            }
            Object[] a = new Object[slots.length - 1];
            System.arraycopy(slots, 0, a, 0, i);
            System.arraycopy(slots, i + 1, a, i, slots.length - i - 1);
            return new BitmapNode(bitmap & ~bit, a);
        }

        /** A node holding two leaves whose hashes agree up to {@code shift}. */
        private static Node pair(Leaf<?, ?> a, Leaf<?, ?> b, int shift) {
            if (a.hash == b.hash) {
                return new CollisionNode(a.hash, new Object[] {a, b});
            }
            int ba = (a.hash >>> shift) & MASK;
            int bb = (b.hash >>> shift) & MASK;
            if (ba == bb) {
                return new BitmapNode(1 << ba, new Object[] {pair(a, b, shift + BITS)});
            }
            return new BitmapNode((1 << ba) | (1 << bb), ba < bb ? new Object[] {a, b} : new Object[] {b, a});
        }
    }

    /** Leaves whose whole hashes are equal. */
    private static final class CollisionNode extends Node {
        final int hash;

        CollisionNode(int hash, Object[] slots) {
            super(slots);
            this.hash = hash;
        }

        private int indexOf(Object key) {
            for (int i = 0; i < slots.length; i++) {
                if (((Leaf<?, ?>) slots[i]).key.equals(key)) {
                    return i;
                }
            }
            return -1;
        }

        @Override
        Object find(Object key, int h, int shift) {
            int i = h == hash ? indexOf(key) : -1;
            return i < 0 ? null : slots[i];
        }

        @Override
        Node put(Leaf<?, ?> fresh, int shift) {
            if (fresh.hash != hash) {
                return split(fresh, shift);
            }
            int i = indexOf(fresh.key);
            Object[] a;
            if (i >= 0) {
                a = slots.clone();
                a[i] = fresh;
            } else {
                a = new Object[slots.length + 1];
                System.arraycopy(slots, 0, a, 0, slots.length);
                a[slots.length] = fresh;
            }
            return new CollisionNode(hash, a);
        }

        /** A bitmap node over this node and a leaf of another hash that agrees with it up to {@code shift}. */
        private Node split(Leaf<?, ?> fresh, int shift) {
            int bc = (hash >>> shift) & MASK;
            int bl = (fresh.hash >>> shift) & MASK;
            if (bc == bl) {
                return new BitmapNode(1 << bc, new Object[] {split(fresh, shift + BITS)});
            }
            return new BitmapNode(
                    (1 << bc) | (1 << bl), bc < bl ? new Object[] {this, fresh} : new Object[] {fresh, this});
        }

        @Override
        Node remove(Object key, int h, int shift) {
            int i = indexOf(key);
            if (slots.length == 1) {
                return null;
            }
            Object[] a = new Object[slots.length - 1];
            System.arraycopy(slots, 0, a, 0, i);
            System.arraycopy(slots, i + 1, a, i, slots.length - i - 1);
            return new CollisionNode(hash, a);
        }
    }

    /** Depth-first over the trie with an explicit stack of (node, next slot). */
    private static final class Walk<K, V> implements Iterator<Map.Entry<K, V>> {
        private final ArrayDeque<Node> nodes = new ArrayDeque<>();
        private final ArrayDeque<Integer> positions = new ArrayDeque<>();
        private Leaf<K, V> next;

        Walk(Node root) {
            if (root != null) {
                nodes.push(root);
                positions.push(0);
            }
            advance();
        }

        private void advance() {
            next = null;
            while (!nodes.isEmpty()) {
                Node n = nodes.peek();
                int p = positions.pop();
                if (p >= n.slots.length) {
                    nodes.pop();
                    continue;
                }
                positions.push(p + 1);
                Object s = n.slots[p];
                if (s instanceof Node child) {
                    nodes.push(child);
                    positions.push(0);
                } else {
                    next = leaf(s);
                    return;
                }
            }
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public Map.Entry<K, V> next() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            Leaf<K, V> out = next;
            advance();
            return out;
        }
    }
}
