package org.numreg.client.rest;

import org.numreg.registry.domain.InvalidValueException;

/** How large a page of a list may be, for every list the services serve. */
public final class Paging {

    public static final int MAX = 1000;

    private Paging() {
    }

    /** {@code limit} if it is 1 to {@link #MAX}; a 400 naming the field otherwise. */
    public static int limit(int limit) {
        if (limit < 1 || limit > MAX) {
            throw new InvalidValueException("limit", "a page has 1 to " + MAX + " items: " + limit);
        }
        return limit;
    }
}
