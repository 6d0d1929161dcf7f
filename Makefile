# The two commands a newcomer needs: `make run` and `make test`.
# Both install what is missing first and are safe to run again.

SHELL := /bin/bash
.DEFAULT_GOAL := help
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := 3.11
MANAGE := .venv/bin/python manage.py
PORT ?= 8000

.PHONY: help run test lint format check-deploy system-deps system-deps-test venv messages \
        makemessages messages-check migrate seed demo-passwords clean

help:
	@echo "make run      安装依赖、迁移数据库、导入演示数据，并启动网站、Celery worker 和 beat"
	@echo "make test     运行全部测试 (run the whole test suite)"
	@echo "make lint     ruff、分层检查 (lint-imports)、迁移检查、翻译目录检查"
	@echo "make check-deploy   用生产配置运行 manage.py check --deploy"

system-deps:
	@scripts/system-deps.sh run

system-deps-test:
	@scripts/system-deps.sh test

# The Python environment, exactly as uv.lock says.
venv:
	@command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet 'uv>=0.8'
	@uv sync --frozen --quiet

messages: venv
	@$(MANAGE) compilemessages --ignore=.venv --ignore=var -v0

# Re-extracts the strings to translate into locale/*/django.po.
makemessages: venv
	@$(MANAGE) makemessages -l zh_Hans -l en --ignore=.venv --ignore=var --ignore=tests \
	  --no-location --no-obsolete -v0

# Fails when code has strings the catalogs do not have yet. (--quiet, not
# --stat: with --stat, git 2.39 exits 0 whatever -I leaves of the diff.)
messages-check: makemessages
	@git diff --quiet -I 'POT-Creation-Date' -- locale/ \
	  || { git diff --stat -- locale/; \
	       echo "翻译目录过期 / catalogs out of date: run make makemessages and translate"; exit 1; }

migrate: venv
	@$(MANAGE) migrate --noinput -v0

seed: migrate
	@$(MANAGE) seed_demo

demo-passwords: migrate
	@$(MANAGE) seed_demo --reset-passwords

run: system-deps venv messages seed
	@echo
	@echo "门户网站 / portal:        http://127.0.0.1:$(PORT)/   English: http://127.0.0.1:$(PORT)/en/"
	@echo "申报指南 / guide:         http://127.0.0.1:$(PORT)/guide/"
	@echo "站内搜索 / search:        http://127.0.0.1:$(PORT)/search/?q=管理办法"
	@echo "单位名录 / directory:     http://127.0.0.1:$(PORT)/directory/"
	@echo "评估报告 / reports:       http://127.0.0.1:$(PORT)/reports/"
	@echo "订阅 / feeds:             http://127.0.0.1:$(PORT)/feeds/notices.atom  http://127.0.0.1:$(PORT)/feeds/publicity.atom"
	@echo "开放数据 / open data API: http://127.0.0.1:$(PORT)/api/v1/units  (docs: http://127.0.0.1:$(PORT)/api/v1/docs)"
	@echo "证书核验 / verify:        http://127.0.0.1:$(PORT)/verify/<certificate code>/"
	@echo "管理后台 / admin:         http://127.0.0.1:$(PORT)/admin/  (demo-admin, demo-reviewer, demo-expert)"
	@echo "健康检查 / health:        http://127.0.0.1:$(PORT)/healthz"
	@echo "发出的邮件 / sent mail:   var/mail/"
	@echo "按 Ctrl-C 停止 / Ctrl-C stops web, worker and beat."
	@echo
	@WEB_PORT=$(PORT) .venv/bin/honcho start -f Procfile.dev

test: system-deps-test venv messages
	@.venv/bin/pytest $(PYTEST_ARGS)

lint: system-deps venv messages-check
	@.venv/bin/ruff check .
	@.venv/bin/ruff format --check .
	@.venv/bin/lint-imports --no-cache
	@DJANGO_SETTINGS_MODULE=portal.settings.test $(MANAGE) makemigrations --check --dry-run -v1

format: venv
	@.venv/bin/ruff check --fix .
	@.venv/bin/ruff format .

# Production settings with stand-in values, to run Django's deployment checks.
check-deploy: venv
	@DJANGO_SETTINGS_MODULE=portal.settings.production \
	 SECRET_KEY="$$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
	 ALLOWED_HOSTS=portal.example.cn \
	 DATABASE_URL=postgres://portal@127.0.0.1:5432/portal \
	 CELERY_BROKER_URL=redis://127.0.0.1:6379/0 \
	 CACHE_URL=redis://127.0.0.1:6379/1 \
	 EMAIL_URL=smtp+tls://portal:secret@smtp.example.cn:587 \
	 WAGTAILADMIN_BASE_URL=https://portal.example.cn \
	 $(MANAGE) check --deploy --fail-level WARNING

clean:
	rm -rf var/test-media var/celery-test var/screenshots .pytest_cache
