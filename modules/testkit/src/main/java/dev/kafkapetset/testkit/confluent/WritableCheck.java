package dev.kafkapetset.testkit.confluent;

/**
 * The images' start-up check that their user may write a directory ({@code dub path <directory>
 * writable}): throws with the reason when it may not.
 */
@FunctionalInterface
interface WritableCheck {
    void require(String directory);
}
