package dev.tugboat.store;

/** The requested revision is older than the compacted revision: history before it is gone. */
public final class CompactedException extends StoreException {

    private final long requestedRevision;
    private final long compactedRevision;

    public CompactedException(long requestedRevision, long compactedRevision) {
        super("required revision " + requestedRevision + " has been compacted (compacted revision "
                + compactedRevision + ")");
        this.requestedRevision = requestedRevision;
        this.compactedRevision = compactedRevision;
    }

    public long requestedRevision() {
        return requestedRevision;
    }

    public long compactedRevision() {
        return compactedRevision;
    }
}
