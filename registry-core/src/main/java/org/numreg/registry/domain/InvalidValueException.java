package org.numreg.registry.domain;

/** A value that breaks its type's rules; {@link #field()} says which input it came from. */
public class InvalidValueException extends IllegalArgumentException {

    private final String field;

    public InvalidValueException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
