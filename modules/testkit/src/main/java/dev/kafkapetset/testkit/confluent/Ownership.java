package dev.kafkapetset.testkit.confluent;

/**
 * A directory's owner, group and mode, with the kernel's rule for who may write it: the owner's
 * bits apply to its uid, the group's to the group's members, the others' to the rest, and a process
 * with {@code CAP_DAC_OVERRIDE} may write anywhere.
 */
record Ownership(long uid, long gid, int mode) {
    private static final int WRITE = 2;
    private static final int READ = 4;
    private static final int SETGID = 02000;

    /** Root's, mode 0755: a directory the kubelet or a fresh filesystem makes. */
    static final Ownership FRESH_DIRECTORY = new Ownership(0, 0, 0755);

    /** Whether {@code user} may write the directory, as {@code access(2)} answers for {@code W_OK}. */
    boolean isWritableBy(ContainerUser user) {
        return allows(user, WRITE);
    }

    /** Whether {@code user} may read the file, as {@code open(2)} decides. */
    boolean isReadableBy(ContainerUser user) {
        return allows(user, READ);
    }

    private boolean allows(ContainerUser user, int access) {
        if (user.has("DAC_OVERRIDE")) {
            return true;
        }
        int bits = user.uid() == uid ? mode >> 6 : user.isIn(gid) ? mode >> 3 : mode;
        return (bits & access) != 0;
    }

    /**
     * The images' {@code dub path <directory> writable}, which their start-up runs for what it writes:
     * throws with the reason when {@code user} may not write {@code directory}, which this is of.
     */
    void requireWritableBy(ContainerUser user, String directory) {
        if (!isWritableBy(user)) {
            throw new IllegalStateException("Check if " + directory + " is writable: no, it is " + this
                    + " and the container runs as " + user);
        }
    }

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
