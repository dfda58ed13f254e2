package dev.pqp.config;

/** A setting has a wrong value; the message names the setting and what is allowed. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  static ConfigException invalid(String key, String value, String allowed) {
    return new ConfigException("setting '" + key + "' = '" + value + "' is invalid: " + allowed);
  }
}
