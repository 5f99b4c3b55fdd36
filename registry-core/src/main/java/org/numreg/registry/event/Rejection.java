package org.numreg.registry.event;

/** Why the state machine refused a command: the same on every registrar. */
public enum Rejection {
    /** Another command got there first: the number or block is taken, the record moved on. */
    NUMBER_TAKEN(Kind.CONFLICT),
    BLOCK_TAKEN(Kind.CONFLICT),
    VERSION_MOVED(Kind.CONFLICT),
    NO_FREE_NUMBER(Kind.CONFLICT),
    OCN_EXISTS(Kind.CONFLICT),
    RANGE_OVERLAPS(Kind.CONFLICT),
    REGISTRAR_EXISTS(Kind.CONFLICT),
    /** The number has a scheduled port already: cancel it first. */
    PORT_PENDING(Kind.CONFLICT),
    /** A rule of the registry forbids it. */
    RANGE_NOT_OPEN(Kind.RULE),
    NOT_HOLDER(Kind.RULE),

    PIN_NOT_SET(Kind.RULE),
    PORT_PROTECTED(Kind.RULE),
    SAME_OCN(Kind.RULE),
    NOT_NANP(Kind.RULE),
    LAST_REGISTRAR(Kind.RULE),
    /** A scheduled port's due time has not come (by the log's commit time). */
    PORT_NOT_DUE(Kind.RULE),
    /** A port scheduled for a time that has passed. */
    DUE_TIME_PASSED(Kind.RULE),
    /** The log holds bytes that are not a command (a misbehaving registrar): decided, and refused everywhere. */
    MALFORMED_COMMAND(Kind.RULE),
    /** Too many wrong PINs: the number takes no PIN through that channel for a while. */
    PIN_LOCKED(Kind.BACK_OFF),
    /** What it names does not exist. */
    UNKNOWN_OCN(Kind.NOT_FOUND),
    UNKNOWN_NUMBER(Kind.NOT_FOUND),
    UNKNOWN_RANGE(Kind.NOT_FOUND),
    UNKNOWN_REGISTRAR(Kind.NOT_FOUND),
    UNKNOWN_PORT(Kind.NOT_FOUND);

    /** How a service answers it: 409 Conflict, 422 Unprocessable Content, 404 Not Found, 429 Too Many Requests. */
    public enum Kind { CONFLICT, RULE, NOT_FOUND, BACK_OFF }

    private final Kind kind;

    Rejection(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
