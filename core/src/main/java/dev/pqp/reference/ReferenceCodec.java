package dev.pqp.reference;

import dev.pqp.profile.ProfileCodec;
import dev.pqp.profile.ProfileFormatException;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The versioned binary form of a {@link ReferenceProfile} on the reference topic: header, then the profile. */
public final class ReferenceCodec {
  public static final byte VERSION = 1;

  private ReferenceCodec() {}

  public static byte[] encode(ReferenceProfile r) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeUTF(r.id());
      out.writeUTF(r.kind().name());
      out.writeUTF(r.modelName());
      out.writeUTF(r.modelVersion());
      out.writeLong(r.createdMs());
      byte[] profile = ProfileCodec.encode(r.profile());
      out.writeInt(profile.length);
      out.write(profile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static ReferenceProfile decode(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
      byte version = in.readByte();
      if (version != VERSION) {
        throw new ProfileFormatException("reference format version " + version + " is not supported (expected " + VERSION + ")");
      }
      String id = in.readUTF();
      ReferenceKind kind = ReferenceKind.valueOf(in.readUTF());
      String model = in.readUTF();
      String modelVersion = in.readUTF();
      long created = in.readLong();
      byte[] profile = new byte[in.readInt()];
      in.readFully(profile);
      return new ReferenceProfile(id, kind, model, modelVersion, created, ProfileCodec.decode(profile));
    } catch (IOException | IllegalArgumentException e) {
      throw new ProfileFormatException("reference profile cannot be decoded: " + e.getMessage());
    }
  }
}
