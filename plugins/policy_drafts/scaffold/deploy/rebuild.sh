#!/bin/sh
# Dựng lại trang trên máy chủ của cơ quan và chép vào thư mục mà nginx phục vụ (deploy/nginx.conf).
# Dùng khi trang không dựng trên GitHub hoặc GitLab, hoặc để thêm một lịch dựng dự phòng.
#
#   sh deploy/rebuild.sh /var/www/duthao
#
# Lần đầu, lệnh tạo môi trường Python riêng trong .venv/ và cài đúng các gói của requirements.txt
# (kèm mã băm). Mỗi lần chạy: lấy mã mới nhất (git pull, nếu là kho git), kiểm tra, dựng với
# --strict (lỗi thì dừng, trang đang chạy giữ nguyên), rồi chép sang thư mục đích. Lịch hằng
# ngày lúc 00:05 giờ Việt Nam (crontab -e của người dùng có quyền ghi thư mục đích):
#
#   5 0 * * * cd /srv/duthao && sh deploy/rebuild.sh /var/www/duthao >> /var/log/duthao.log 2>&1
#
# (nếu đồng hồ máy chủ để giờ UTC, dùng "5 17 * * *").
set -eu
target="${1:?Cho biết thư mục nginx phục vụ, ví dụ: sh deploy/rebuild.sh /var/www/duthao}"
cd "$(dirname "$0")/.."
export NO_MKDOCS_2_WARNING=1 PIP_DISABLE_PIP_VERSION_CHECK=1
if [ -d .git ]; then
  git pull --ff-only --quiet
fi
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
. .venv/bin/activate
[[ install ]] --quiet
policy-drafts check
mkdocs build --strict --quiet --site-dir .site-moi
mkdir -p "$target"
if command -v rsync > /dev/null 2>&1; then
  rsync -rlpt --delete --delay-updates .site-moi/ "$target"/
else
  cp -R .site-moi/. "$target"/
fi
rm -rf .site-moi
echo "$(date '+%Y-%m-%d %H:%M') đã dựng lại trang vào $target"
