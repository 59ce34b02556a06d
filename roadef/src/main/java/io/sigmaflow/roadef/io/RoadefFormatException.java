package io.sigmaflow.roadef.io;

/** A model or assignment file that does not follow the official format; the message names the file, line and field. */
public final class RoadefFormatException extends RuntimeException {
    public RoadefFormatException(String message) {
        super(message);
    }
}
