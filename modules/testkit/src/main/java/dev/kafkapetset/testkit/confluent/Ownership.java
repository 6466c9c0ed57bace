package dev.kafkapetset.testkit.confluent;

/** A directory's owner, group and mode. */
record Ownership(long uid, long gid, int mode) {
    private static final int SETGID = 02000;

    /** Root's, mode 0755: a directory the kubelet or a fresh filesystem makes. */
    static final Ownership FRESH_DIRECTORY = new Ownership(0, 0, 0755);

    Ownership chowned(long newUid, long newGid) {
        return new Ownership(newUid, newGid, mode);
    }

    /** What the kubelet makes of a volume's root for a pod's {@code fsGroup}: the group's, group rwx, setgid. */
    Ownership withFsGroup(long fsGroup) {
        return new Ownership(uid, fsGroup, mode | 0770 | SETGID);
    }

    @Override
    public String toString() {
        return uid + ":" + gid + " mode " + String.format("%04o", mode);
    }
}
