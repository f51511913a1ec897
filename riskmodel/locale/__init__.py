"""UI strings per area: each module defines STRINGS = {key: (danish, english)}."""
