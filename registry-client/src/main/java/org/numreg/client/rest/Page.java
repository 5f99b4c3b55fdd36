package org.numreg.client.rest;

import org.numreg.client.records.StoredNumber;

import java.util.List;
import java.util.function.Function;

/**
 * A page of a list, in number order, and where the next page starts: pass {@code next} as
 * {@code after} (null at the end). Every list of numbers the services serve pages this way.
 */
public record Page<T>(List<T> items, String next) {

    /** The page of {@code found}, read with {@code limit}: a full page may have more after its last number. */
    public static <T> Page<T> of(List<StoredNumber> found, int limit, Function<StoredNumber, T> item) {
        return new Page<>(found.stream().map(item).toList(),
                found.size() == limit ? found.getLast().record().number().value() : null);
    }
}
