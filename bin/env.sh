# Sourced by bin/shencha, bin/test and .ci/run: selects a JDK that can build and run Shencha (Java 21 language level,
# built and run on JDK 25 where the machine has it).
if [ -z "${SHENCHA_JAVA_HOME:-}" ]; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk /usr/lib/jvm/java-25-openjdk-amd64 "${JAVA_HOME:-}"; do
    if [ -n "$candidate" ] && [ -x "$candidate/bin/java" ]; then
      version=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
      if [ "${version%%.*}" -ge 21 ] 2>/dev/null; then SHENCHA_JAVA_HOME="$candidate"; break; fi
    fi
  done
fi
if [ -z "${SHENCHA_JAVA_HOME:-}" ]; then
  echo "error: no JDK 21 or newer found; install Temurin 25 or set SHENCHA_JAVA_HOME" >&2
  exit 1
fi
export JAVA_HOME="$SHENCHA_JAVA_HOME"
export PATH="$JAVA_HOME/bin:$PATH"
