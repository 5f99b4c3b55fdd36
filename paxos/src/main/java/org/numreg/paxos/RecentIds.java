package org.numreg.paxos;

import java.util.LinkedHashSet;
import java.util.Iterator;

/** The ids of the last decided proposals, so a retried proposal is not proposed again soon after. */
final class RecentIds {

    private final int capacity;
    private final LinkedHashSet<String> ids = new LinkedHashSet<>();

    RecentIds(int capacity) {
        this.capacity = capacity;
    }

    void add(String id) {
        if (ids.add(id) && ids.size() > capacity) {
            Iterator<String> oldest = ids.iterator();
            oldest.next();
            oldest.remove();
        }
    }

    boolean contains(String id) {
        return ids.contains(id);
    }
}
