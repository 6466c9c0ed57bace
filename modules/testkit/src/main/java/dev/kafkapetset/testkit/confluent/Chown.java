package dev.kafkapetset.testkit.confluent;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The images' {@code chown OWNER[:GROUP] PATH...} ({@code -R} and {@code -h} allowed), run on the
 * owners {@link VolumeOwners} keeps rather than on this machine's files, for paths on a volume, with
 * coreutils' messages. Giving a directory to another user takes {@code CAP_CHOWN}; its owner may give
 * it to another of its own groups without.
 */
final class Chown {
    /** The users and groups of the images' {@code /etc/passwd} and {@code /etc/group}. */
    private static final Map<String, Long> NAMES = Map.of("root", 0L, "appuser", ContainerUser.APPUSER);
    private static final List<String> FLAGS = List.of("-R", "--recursive", "-h", "--no-dereference");

    static InitContainer.Exit run(List<String> args, PodFiles files) {
        List<String> operands = args.stream().filter(arg -> !FLAGS.contains(arg)).toList();
        Optional<String> unknownFlag = operands.stream().filter(arg -> arg.startsWith("-")).findFirst();
        if (unknownFlag.isPresent()) {
            throw new IllegalStateException("the stand-in chown knows " + FLAGS + " only, not " + unknownFlag.get());
        }
        if (operands.size() < 2) {
            return new InitContainer.Exit(1, "chown: missing operand\n");
        }
        String spec = operands.get(0);
        int colon = spec.indexOf(':');
        String owner = colon < 0 ? spec : spec.substring(0, colon);
        String group = colon < 0 ? "" : spec.substring(colon + 1);
        Optional<Long> uid = owner.isEmpty() ? Optional.empty() : id(owner);
        Optional<Long> gid = group.isEmpty() ? Optional.empty() : id(group);
        if (!owner.isEmpty() && uid.isEmpty()) {
            return new InitContainer.Exit(1, "chown: invalid user: '" + spec + "'\n");
        }
        if (!group.isEmpty() && gid.isEmpty()) {
            return new InitContainer.Exit(1, "chown: invalid group: '" + spec + "'\n");
        }
        ContainerUser user = files.user();
        StringBuilder errors = new StringBuilder();
        for (String path : operands.subList(1, operands.size())) {
            Ownership current = files.volumeOwnership(path).orElseThrow(() -> new IllegalStateException(
                    "the stand-in keeps the owners of volumes only: chown of " + path + " is not run"));
            long newUid = uid.orElse(current.uid());
            // OWNER: with an empty group is the owner's login group.
            long newGid = gid.orElse(colon >= 0 && group.isEmpty() ? ContainerUser.loginGroup(newUid) : current.gid());
            boolean ownersGroupChange = newUid == current.uid() && user.uid() == current.uid() && user.isIn(newGid);
            if (user.has("CHOWN") || ownersGroupChange) {
                files.chown(path, newUid, newGid);
            } else {
                errors.append("chown: changing ownership of '").append(path).append("': Operation not permitted\n");
            }
        }
        return new InitContainer.Exit(errors.length() == 0 ? 0 : 1, errors.toString());
    }

    private static Optional<Long> id(String name) {
        if (name.chars().allMatch(Character::isDigit)) {
            return Optional.of(Long.parseLong(name));
        }
        return Optional.ofNullable(NAMES.get(name));
    }

    private Chown() {}
}
