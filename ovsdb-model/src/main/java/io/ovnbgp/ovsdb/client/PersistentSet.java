package io.ovnbgp.ovsdb.client;

import java.util.AbstractSet;
import java.util.Collection;
import java.util.Iterator;

/**
 * An immutable set whose {@link #plus}, {@link #minus} and {@link #toggle} return a new set sharing all but one
 * path with this one (see {@link PersistentMap}): a router's 50,000 {@code static_routes} change by one element in
 * O(log n), as {@code update2} sends them, without a copy.
 */
public final class PersistentSet<E> extends AbstractSet<E> {
    private static final PersistentSet<?> EMPTY = new PersistentSet<>(PersistentMap.empty());

    private final PersistentMap<E, Boolean> map;

    private PersistentSet(PersistentMap<E, Boolean> map) {
        this.map = map;
    }

    @SuppressWarnings("unchecked")
    public static <E> PersistentSet<E> empty() {
        return (PersistentSet<E>) EMPTY;
    }

    /** {@code c} itself if it is a persistent set, else its elements in a new one. */
    @SuppressWarnings("unchecked")
    public static <E> PersistentSet<E> copyOf(Collection<? extends E> c) {
        if (c instanceof PersistentSet<?> p) {
            return (PersistentSet<E>) p;
        }
        PersistentSet<E> out = empty();
        for (E e : c) {
            out = out.plus(e);
        }
        return out;
    }

    @Override
    public int size() {
        return map.size();
    }

    @Override
    public boolean contains(Object o) {
        return map.containsKey(o);
    }

    @Override
    public Iterator<E> iterator() {
        return map.keySet().iterator();
    }

    public PersistentSet<E> plus(E e) {
        PersistentMap<E, Boolean> m = map.plus(e, Boolean.TRUE);
        return m == map ? this : new PersistentSet<>(m);
    }

    public PersistentSet<E> minus(Object e) {
        PersistentMap<E, Boolean> m = map.minus(e);
        return m == map ? this : new PersistentSet<>(m);
    }

    /** Removes {@code e} if present, else adds it: one element of an {@code update2} set diff. */
    public PersistentSet<E> toggle(E e) {
        return contains(e) ? minus(e) : plus(e);
    }

    /** Set equality, with a shortcut for the same set. */
    @Override
    public boolean equals(Object o) {
        return o == this || super.equals(o);
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }
}
