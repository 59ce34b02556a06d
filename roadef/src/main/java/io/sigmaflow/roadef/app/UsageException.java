package io.sigmaflow.roadef.app;

/** Bad command-line input; the message names the option and what is wrong with it. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
