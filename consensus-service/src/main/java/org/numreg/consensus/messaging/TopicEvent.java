package org.numreg.consensus.messaging;

/** One event as the changes topic holds it: the {@code index}-th event of log position {@code position}. */
public record TopicEvent(long position, int index, byte[] payload) {

    ChangesTopic.Cursor cursor() {
        return new ChangesTopic.Cursor(position, index);
    }
}
