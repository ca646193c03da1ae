/** Versions of the Java parts of the local stack, resolved from Maven Central by stack/maven/pom.xml. */
export const KAFKA_VERSION = '3.9.2';
/** Apicurio Registry 3.x is compiled for Java 21; the stack looks for a JDK >= 21 to run it. */
export const APICURIO_VERSION = '3.3.3';
export const APICURIO_MIN_JAVA = 21;
export const KAFKA_MIN_JAVA = 17;
