package io.sigmaflow.client;

/**
 * Something {@link SigmaClient} could not do: Kafka did not take the request within the send
 * timeout, the outcomes topic cannot be read, or the client was closed. The message says what and
 * where; a request that was sent may still be applied by the job (resend it with the same request
 * id: the job does a request id once).
 */
public class SigmaClientException extends RuntimeException {
    public SigmaClientException(String message) {
        super(message);
    }

    public SigmaClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
