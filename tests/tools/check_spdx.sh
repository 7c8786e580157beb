#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Every source file of the project (C++, Python, shell, CMake, JavaScript, the linker map) states
# its licence in an SPDX line among its first three lines. Prints those that do not; exit 1 then.
set -euo pipefail
cd "${1:?usage: check_spdx.sh SOURCE_DIR}"
missing=0
while IFS= read -r -d '' file; do
  if ! head -n 3 "$file" | grep -q "SPDX-License-Identifier: GPL-2.0-or-later"; then
    echo "no SPDX line: $file"
    missing=1
  fi
done < <(find plugin tests cmake geodata/tools .ci CMakeLists.txt -type f \
           \( -name '*.cpp' -o -name '*.h' -o -name '*.h.in' -o -name '*.py' -o -name '*.sh' -o -name '*.js' \
              -o -name '*.cmake' -o -name 'CMakeLists.txt' -o -name '*.map' -o -name '*.supp' \
              -o -path '.ci/*' -o -name pg_server \) -print0)
exit "$missing"
