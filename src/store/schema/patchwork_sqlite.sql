-- Patchwork 3.2.1's tables on SQLite, as its Django migrations
-- (patchwork 0001-0046 with Django 5.1's auth, contenttypes, admin,
-- sessions, sites and DRF's authtoken) define them: same tables, columns,
-- types, nullability, keys, foreign keys and indexes. Loaded only into an
-- empty database; a database Patchwork made is verified, never altered.
-- Checked against ../shared/patchwork-db/sqlite.sql by tests/schema.rs.

CREATE TABLE "django_migrations" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "app" varchar(255) NOT NULL,
    "name" varchar(255) NOT NULL,
    "applied" datetime NOT NULL
);
CREATE TABLE "django_content_type" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "app_label" varchar(100) NOT NULL,
    "model" varchar(100) NOT NULL
);
CREATE UNIQUE INDEX "django_content_type_app_label_model_76bd3d3b_uniq"
    ON "django_content_type" ("app_label", "model");
CREATE TABLE "auth_permission" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "content_type_id" integer NOT NULL REFERENCES "django_content_type" ("id") DEFERRABLE INITIALLY DEFERRED,
    "codename" varchar(100) NOT NULL,
    "name" varchar(255) NOT NULL
);
CREATE UNIQUE INDEX "auth_permission_content_type_id_codename_01ab375a_uniq"
    ON "auth_permission" ("content_type_id", "codename");
CREATE INDEX "auth_permission_content_type_id_2f476e4b" ON "auth_permission" ("content_type_id");
CREATE TABLE "auth_group" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" varchar(150) NOT NULL UNIQUE
);
CREATE TABLE "auth_group_permissions" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "group_id" integer NOT NULL REFERENCES "auth_group" ("id") DEFERRABLE INITIALLY DEFERRED,
    "permission_id" integer NOT NULL REFERENCES "auth_permission" ("id") DEFERRABLE INITIALLY DEFERRED
);
CREATE UNIQUE INDEX "auth_group_permissions_group_id_permission_id_0cd325b0_uniq"
    ON "auth_group_permissions" ("group_id", "permission_id");
CREATE INDEX "auth_group_permissions_group_id_b120cbf9" ON "auth_group_permissions" ("group_id");
CREATE INDEX "auth_group_permissions_permission_id_84c5c92e" ON "auth_group_permissions" ("permission_id");
CREATE TABLE "auth_user" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "password" varchar(128) NOT NULL,
    "last_login" datetime NULL,
    "is_superuser" bool NOT NULL,
    "username" varchar(150) NOT NULL UNIQUE,
    "last_name" varchar(150) NOT NULL,
    "email" varchar(254) NOT NULL,
    "is_staff" bool NOT NULL,
    "is_active" bool NOT NULL,
    "date_joined" datetime NOT NULL,
    "first_name" varchar(150) NOT NULL
);
CREATE TABLE "auth_user_groups" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "user_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED,
    "group_id" integer NOT NULL REFERENCES "auth_group" ("id") DEFERRABLE INITIALLY DEFERRED
);
CREATE UNIQUE INDEX "auth_user_groups_user_id_group_id_94350c0c_uniq" ON "auth_user_groups" ("user_id", "group_id");
CREATE INDEX "auth_user_groups_user_id_6a12ed8b" ON "auth_user_groups" ("user_id");
CREATE INDEX "auth_user_groups_group_id_97559544" ON "auth_user_groups" ("group_id");
CREATE TABLE "auth_user_user_permissions" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "user_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED,
    "permission_id" integer NOT NULL REFERENCES "auth_permission" ("id") DEFERRABLE INITIALLY DEFERRED
);
CREATE UNIQUE INDEX "auth_user_user_permissions_user_id_permission_id_14a6b632_uniq"
    ON "auth_user_user_permissions" ("user_id", "permission_id");
CREATE INDEX "auth_user_user_permissions_user_id_a95ead1b" ON "auth_user_user_permissions" ("user_id");
CREATE INDEX "auth_user_user_permissions_permission_id_1fbb5f2c" ON "auth_user_user_permissions" ("permission_id");
CREATE TABLE "django_admin_log" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "object_id" text NULL,
    "object_repr" varchar(200) NOT NULL,
    "action_flag" smallint unsigned NOT NULL CHECK ("action_flag" >= 0),
    "change_message" text NOT NULL,
    "content_type_id" integer NULL REFERENCES "django_content_type" ("id") DEFERRABLE INITIALLY DEFERRED,
    "user_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED,
    "action_time" datetime NOT NULL
);
CREATE INDEX "django_admin_log_content_type_id_c4bce8eb" ON "django_admin_log" ("content_type_id");
CREATE INDEX "django_admin_log_user_id_c564eba6" ON "django_admin_log" ("user_id");
CREATE TABLE "authtoken_token" (
    "key" varchar(40) NOT NULL PRIMARY KEY,
    "created" datetime NOT NULL,
    "user_id" integer NOT NULL UNIQUE REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED
);
CREATE TABLE "django_session" (
    "session_key" varchar(40) NOT NULL PRIMARY KEY,
    "session_data" text NOT NULL,
    "expire_date" datetime NOT NULL
);
CREATE INDEX "django_session_expire_date_a5c62663" ON "django_session" ("expire_date");
CREATE TABLE "django_site" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" varchar(50) NOT NULL,
    "domain" varchar(100) NOT NULL UNIQUE
);

-- Patchwork's own tables.
CREATE TABLE "patchwork_emailoptout" ("email" varchar(200) NOT NULL PRIMARY KEY);
CREATE TABLE "patchwork_patchrelation" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT);
CREATE TABLE "patchwork_person" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "email" varchar(255) NOT NULL UNIQUE,
    "name" varchar(255) NULL,
    "user_id" integer NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX "patchwork_person_user_id_64afdc84" ON "patchwork_person" ("user_id");
CREATE TABLE "patchwork_project" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "linkname" varchar(255) NOT NULL UNIQUE,
    "name" varchar(255) NOT NULL UNIQUE,
    "listid" varchar(255) NOT NULL,
    "listemail" varchar(200) NOT NULL,
    "subject_match" varchar(64) NOT NULL,
    "web_url" varchar(2000) NOT NULL,
    "scm_url" varchar(2000) NOT NULL,
    "webscm_url" varchar(2000) NOT NULL,
    "list_archive_url" varchar(2000) NOT NULL,
    "list_archive_url_format" varchar(2000) NOT NULL,
    "commit_url_format" varchar(2000) NOT NULL,
    "send_notifications" bool NOT NULL,
    "use_tags" bool NOT NULL
);
CREATE UNIQUE INDEX "patchwork_project_listid_subject_match_ab7737e7_uniq"
    ON "patchwork_project" ("listid", "subject_match");
CREATE TABLE "patchwork_state" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" varchar(100) NOT NULL UNIQUE,
    "slug" varchar(100) NOT NULL UNIQUE,
    "ordering" integer NOT NULL UNIQUE,
    "action_required" bool NOT NULL
);
CREATE TABLE "patchwork_tag" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" varchar(20) NOT NULL,
    "pattern" varchar(50) NOT NULL,
    "abbrev" varchar(2) NOT NULL UNIQUE,
    "show_column" bool NOT NULL
);
CREATE TABLE "patchwork_userprofile" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "send_email" bool NOT NULL,
    "items_per_page" integer unsigned NOT NULL CHECK ("items_per_page" >= 0),
    "show_ids" bool NOT NULL,
    "user_id" integer NOT NULL UNIQUE REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED
);
CREATE TABLE "patchwork_userprofile_maintainer_projects" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "userprofile_id" integer NOT NULL REFERENCES "patchwork_userprofile" ("id") DEFERRABLE INITIALLY DEFERRED,
    "project_id" integer NOT NULL REFERENCES "patchwork_project" ("id") DEFERRABLE INITIALLY DEFERRED
);
CREATE UNIQUE INDEX "patchwork_userprofile_maintainer_projects_userprofile_id_project_id_4fdb8d78_uniq"
    ON "patchwork_userprofile_maintainer_projects" ("userprofile_id", "project_id");
CREATE INDEX "patchwork_userprofile_maintainer_projects_userprofile_id_faed50d7"
    ON "patchwork_userprofile_maintainer_projects" ("userprofile_id");
CREATE INDEX "patchwork_userprofile_maintainer_projects_project_id_8dd8b7fa"
    ON "patchwork_userprofile_maintainer_projects" ("project_id");
CREATE TABLE "patchwork_emailconfirmation" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "type" varchar(20) NOT NULL,
    "email" varchar(200) NOT NULL,
    "key" char(40) NOT NULL,
    "date" datetime NOT NULL,
    "active" bool NOT NULL,
    "user_id" integer NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX "patchwork_emailconfirmation_user_id_3038a498" ON "patchwork_emailconfirmation" ("user_id");
CREATE TABLE "patchwork_delegationrule" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "path" varchar(255) NOT NULL,
    "priority" integer NOT NULL,
    "project_id" integer NOT NULL REFERENCES "patchwork_project" ("id") DEFERRABLE INITIALLY DEFERRED,
    "user_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX "patchwork_delegationrule_project_id_9972d199" ON "patchwork_delegationrule" ("project_id");
CREATE INDEX "patchwork_delegationrule_user_id_6d2887eb" ON "patchwork_delegationrule" ("user_id");
CREATE UNIQUE INDEX "patchwork_delegationrule_path_project_id_dc47f47b_uniq"
    ON "patchwork_delegationrule" ("path", "project_id");
CREATE TABLE "patchwork_bundle" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" varchar(50) NOT NULL,
    "public" bool NOT NULL,
    "owner_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED,
    "project_id" integer NOT NULL REFERENCES "patchwork_project" ("id") DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX "patchwork_bundle_owner_id_50e0dc92" ON "patchwork_bundle" ("owner_id");
CREATE INDEX "patchwork_bundle_project_id_e6033e8b" ON "patchwork_bundle" ("project_id");
CREATE UNIQUE INDEX "patchwork_bundle_owner_id_name_8bb7fe7e_uniq" ON "patchwork_bundle" ("owner_id", "name");
CREATE TABLE "patchwork_cover" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "msgid" varchar(255) NOT NULL,
    "date" datetime NOT NULL,
    "headers" text NOT NULL,
    "content" text NULL,
    "name" varchar(255) NOT NULL,
    "project_id" integer NOT NULL REFERENCES "patchwork_project" ("id") DEFERRABLE INITIALLY DEFERRED,
    "submitter_id" integer NOT NULL REFERENCES "patchwork_person" ("id") DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX "cover_covering_idx" ON "patchwork_cover" ("date", "project_id", "submitter_id", "name");
CREATE UNIQUE INDEX "patchwork_cover_msgid_project_id_5ec5df5b_uniq" ON "patchwork_cover" ("msgid", "project_id");
CREATE INDEX "patchwork_cover_project_id_6143d2a9" ON "patchwork_cover" ("project_id");
CREATE INDEX "patchwork_cover_submitter_id_5903b7d7" ON "patchwork_cover" ("submitter_id");
CREATE TABLE "patchwork_covercomment" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "msgid" varchar(255) NOT NULL,
    "date" datetime NOT NULL,
    "headers" text NOT NULL,
    "content" text NULL,
    "cover_id" integer NOT NULL REFERENCES "patchwork_cover" ("id") DEFERRABLE INITIALLY DEFERRED,
    "submitter_id" integer NOT NULL REFERENCES "patchwork_person" ("id") DEFERRABLE INITIALLY DEFERRED,
    "addressed" bool NULL
);
CREATE INDEX "cover_date_idx" ON "patchwork_covercomment" ("cover_id", "date");
CREATE UNIQUE INDEX "patchwork_covercomment_msgid_cover_id_41e006f5_uniq"
    ON "patchwork_covercomment" ("msgid", "cover_id");
CREATE INDEX "patchwork_covercomment_cover_id_c9e63a6a" ON "patchwork_covercomment" ("cover_id");
CREATE INDEX "patchwork_covercomment_submitter_id_7464af32" ON "patchwork_covercomment" ("submitter_id");
CREATE TABLE "patchwork_series" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" varchar(255) NULL,
    "date" datetime NOT NULL,
    "version" integer NOT NULL,
    "total" integer NOT NULL,
    "project_id" integer NULL REFERENCES "patchwork_project" ("id") DEFERRABLE INITIALLY DEFERRED,
    "submitter_id" integer NOT NULL REFERENCES "patchwork_person" ("id") DEFERRABLE INITIALLY DEFERRED,
    "cover_letter_id" integer NULL UNIQUE REFERENCES "patchwork_cover" ("id") DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX "patchwork_series_project_id_e98b8d18" ON "patchwork_series" ("project_id");
CREATE INDEX "patchwork_series_submitter_id_2531ed68" ON "patchwork_series" ("submitter_id");
CREATE TABLE "patchwork_seriesreference" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "msgid" varchar(255) NOT NULL,
    "project_id" integer NOT NULL REFERENCES "patchwork_project" ("id") DEFERRABLE INITIALLY DEFERRED,
    "series_id" integer NOT NULL REFERENCES "patchwork_series" ("id") DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX "patchwork_seriesreference_project_id_6a017a21" ON "patchwork_seriesreference" ("project_id");
CREATE INDEX "patchwork_seriesreference_series_id_3e1f12a3" ON "patchwork_seriesreference" ("series_id");
CREATE UNIQUE INDEX "patchwork_seriesreference_project_id_msgid_1839e786_uniq"
    ON "patchwork_seriesreference" ("project_id", "msgid");
CREATE TABLE "patchwork_patch" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "msgid" varchar(255) NOT NULL,
    "date" datetime NOT NULL,
    "headers" text NOT NULL,
    "content" text NULL,
    "name" varchar(255) NOT NULL,
    "project_id" integer NOT NULL REFERENCES "patchwork_project" ("id") DEFERRABLE INITIALLY DEFERRED,
    "submitter_id" integer NOT NULL REFERENCES "patchwork_person" ("id") DEFERRABLE INITIALLY DEFERRED,
    "archived" bool NOT NULL,
    "commit_ref" varchar(255) NULL,
    "delegate_id" integer NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED,
    "diff" text NULL,
    "hash" char(40) NULL,
    "number" smallint unsigned NULL CHECK ("number" >= 0),
    "pull_url" varchar(255) NULL,
    "related_id" integer NULL REFERENCES "patchwork_patchrelation" ("id") DEFERRABLE INITIALLY DEFERRED,
    "series_id" integer NULL REFERENCES "patchwork_series" ("id") DEFERRABLE INITIALLY DEFERRED,
    "state_id" integer NULL REFERENCES "patchwork_state" ("id") DEFERRABLE INITIALLY DEFERRED
);
-- Index names keep the model's old name (Submission), as migrated sites do.
CREATE UNIQUE INDEX "patchwork_submission_msgid_project_id_54545915_uniq" ON "patchwork_patch" ("msgid", "project_id");
CREATE INDEX "patchwork_submission_project_id_c8588066" ON "patchwork_patch" ("project_id");
CREATE INDEX "patchwork_submission_submitter_id_5392485e" ON "patchwork_patch" ("submitter_id");
CREATE UNIQUE INDEX "patchwork_submission_series_id_number_87e448b7_uniq" ON "patchwork_patch" ("series_id", "number");
CREATE INDEX "patch_covering_idx"
    ON "patchwork_patch" ("archived", "state_id", "delegate_id", "date", "project_id", "submitter_id", "name");
CREATE INDEX "patchwork_submission_delegate_id_4b8639b8" ON "patchwork_patch" ("delegate_id");
CREATE INDEX "patchwork_submission_related_id_2e3e66e8" ON "patchwork_patch" ("related_id");
CREATE INDEX "patchwork_submission_series_id_61c13d16" ON "patchwork_patch" ("series_id");
CREATE INDEX "patchwork_submission_state_id_947655b7" ON "patchwork_patch" ("state_id");
CREATE TABLE "patchwork_patchcomment" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "msgid" varchar(255) NOT NULL,
    "date" datetime NOT NULL,
    "headers" text NOT NULL,
    "content" text NULL,
    "submitter_id" integer NOT NULL REFERENCES "patchwork_person" ("id") DEFERRABLE INITIALLY DEFERRED,
    "patch_id" integer NOT NULL REFERENCES "patchwork_patch" ("id") DEFERRABLE INITIALLY DEFERRED,
    "addressed" bool NULL
);
CREATE UNIQUE INDEX "patchwork_patchcomment_msgid_patch_id_3210af74_uniq"
    ON "patchwork_patchcomment" ("msgid", "patch_id");
CREATE INDEX "patchwork_patchcomment_submitter_id_6e885aa7" ON "patchwork_patchcomment" ("submitter_id");
CREATE INDEX "patchwork_patchcomment_patch_id_53736bdc" ON "patchwork_patchcomment" ("patch_id");
CREATE INDEX "patch_date_idx" ON "patchwork_patchcomment" ("patch_id", "date");
CREATE TABLE "patchwork_check" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "date" datetime NOT NULL,
    "state" smallint NOT NULL,
    "target_url" varchar(200) NULL,
    "description" text NULL,
    "context" varchar(255) NOT NULL,
    "user_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED,
    "patch_id" integer NOT NULL REFERENCES "patchwork_patch" ("id") DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX "patchwork_check_context_b15aabef" ON "patchwork_check" ("context");
CREATE INDEX "patchwork_check_user_id_95932343" ON "patchwork_check" ("user_id");
CREATE INDEX "patchwork_check_patch_id_e517f972" ON "patchwork_check" ("patch_id");
CREATE TABLE "patchwork_event" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "category" varchar(25) NOT NULL,
    "date" datetime NOT NULL,
    "actor_id" integer NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED,
    "created_check_id" integer NULL REFERENCES "patchwork_check" ("id") DEFERRABLE INITIALLY DEFERRED,
    "current_delegate_id" integer NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED,
    "current_relation_id" integer NULL REFERENCES "patchwork_patchrelation" ("id") DEFERRABLE INITIALLY DEFERRED,
    "current_state_id" integer NULL REFERENCES "patchwork_state" ("id") DEFERRABLE INITIALLY DEFERRED,
    "previous_delegate_id" integer NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED,
    "previous_relation_id" integer NULL REFERENCES "patchwork_patchrelation" ("id") DEFERRABLE INITIALLY DEFERRED,
    "previous_state_id" integer NULL REFERENCES "patchwork_state" ("id") DEFERRABLE INITIALLY DEFERRED,
    "project_id" integer NOT NULL REFERENCES "patchwork_project" ("id") DEFERRABLE INITIALLY DEFERRED,
    "series_id" integer NULL REFERENCES "patchwork_series" ("id") DEFERRABLE INITIALLY DEFERRED,
    "cover_id" integer NULL REFERENCES "patchwork_cover" ("id") DEFERRABLE INITIALLY DEFERRED,
    "patch_id" integer NULL REFERENCES "patchwork_patch" ("id") DEFERRABLE INITIALLY DEFERRED,
    "cover_comment_id" integer NULL REFERENCES "patchwork_covercomment" ("id") DEFERRABLE INITIALLY DEFERRED,
    "patch_comment_id" integer NULL REFERENCES "patchwork_patchcomment" ("id") DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX "patchwork_event_category_28fbc859" ON "patchwork_event" ("category");
CREATE INDEX "patchwork_event_actor_id_441d6c4c" ON "patchwork_event" ("actor_id");
CREATE INDEX "patchwork_event_created_check_id_a1b2fdfe" ON "patchwork_event" ("created_check_id");
CREATE INDEX "patchwork_event_current_delegate_id_299ee6a2" ON "patchwork_event" ("current_delegate_id");
CREATE INDEX "patchwork_event_current_relation_id_24589e0e" ON "patchwork_event" ("current_relation_id");
CREATE INDEX "patchwork_event_current_state_id_b7470442" ON "patchwork_event" ("current_state_id");
CREATE INDEX "patchwork_event_previous_delegate_id_35c46cd9" ON "patchwork_event" ("previous_delegate_id");
CREATE INDEX "patchwork_event_previous_relation_id_99308f2a" ON "patchwork_event" ("previous_relation_id");
CREATE INDEX "patchwork_event_previous_state_id_b68d9fe3" ON "patchwork_event" ("previous_state_id");
CREATE INDEX "patchwork_event_project_id_fda4f70d" ON "patchwork_event" ("project_id");
CREATE INDEX "patchwork_event_series_id_cfaff1bf" ON "patchwork_event" ("series_id");
CREATE INDEX "patchwork_event_cover_id_70e5e19e" ON "patchwork_event" ("cover_id");
CREATE INDEX "patchwork_event_patch_id_15d4004e" ON "patchwork_event" ("patch_id");
CREATE INDEX "patchwork_event_cover_comment_id_861b3ec2" ON "patchwork_event" ("cover_comment_id");
CREATE INDEX "patchwork_event_patch_comment_id_4123011e" ON "patchwork_event" ("patch_comment_id");
CREATE TABLE "patchwork_patchchangenotification" (
    "patch_id" integer NOT NULL PRIMARY KEY REFERENCES "patchwork_patch" ("id") DEFERRABLE INITIALLY DEFERRED,
    "last_modified" datetime NOT NULL,
    "orig_state_id" integer NOT NULL REFERENCES "patchwork_state" ("id") DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX "patchwork_patchchangenotification_orig_state_id_23b89f55"
    ON "patchwork_patchchangenotification" ("orig_state_id");
CREATE TABLE "patchwork_bundlepatch" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "order" integer NOT NULL,
    "bundle_id" integer NOT NULL REFERENCES "patchwork_bundle" ("id") DEFERRABLE INITIALLY DEFERRED,
    "patch_id" integer NOT NULL REFERENCES "patchwork_patch" ("id") DEFERRABLE INITIALLY DEFERRED
);
CREATE UNIQUE INDEX "patchwork_bundlepatch_bundle_id_patch_id_d8304561_uniq" ON "patchwork_bundlepatch" ("bundle_id", "patch_id");
CREATE INDEX "patchwork_bundlepatch_bundle_id_387ecba8" ON "patchwork_bundlepatch" ("bundle_id");
CREATE INDEX "patchwork_bundlepatch_patch_id_c75a880f" ON "patchwork_bundlepatch" ("patch_id");
CREATE TABLE "patchwork_patchtag" (
    "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT,
    "count" integer NOT NULL,
    "tag_id" integer NOT NULL REFERENCES "patchwork_tag" ("id") DEFERRABLE INITIALLY DEFERRED,
    "patch_id" integer NOT NULL REFERENCES "patchwork_patch" ("id") DEFERRABLE INITIALLY DEFERRED
);
CREATE UNIQUE INDEX "patchwork_patchtag_patch_id_tag_id_5ddba498_uniq" ON "patchwork_patchtag" ("patch_id", "tag_id");
CREATE INDEX "patchwork_patchtag_tag_id_c032f51c" ON "patchwork_patchtag" ("tag_id");
CREATE INDEX "patchwork_patchtag_patch_id_5fad6ac3" ON "patchwork_patchtag" ("patch_id");

-- The fixtures `default_states` and `default_tags`, and Django's site row.
INSERT INTO "patchwork_state" ("id", "name", "slug", "ordering", "action_required") VALUES
    (1, 'New', 'new', 0, 1),
    (2, 'Under Review', 'under-review', 1, 1),
    (3, 'Accepted', 'accepted', 2, 0),
    (4, 'Rejected', 'rejected', 3, 0),
    (5, 'RFC', 'rfc', 4, 0),
    (6, 'Not Applicable', 'not-applicable', 5, 0),
    (7, 'Changes Requested', 'changes-requested', 6, 0),
    (8, 'Awaiting Upstream', 'awaiting-upstream', 7, 0),
    (9, 'Superseded', 'superseded', 8, 0),
    (10, 'Deferred', 'deferred', 9, 0);
INSERT INTO "patchwork_tag" ("id", "name", "pattern", "abbrev", "show_column") VALUES
    (1, 'Acked-by', '^Acked-by:', 'A', 1),
    (2, 'Reviewed-by', '^Reviewed-by:', 'R', 1),
    (3, 'Tested-by', '^Tested-by:', 'T', 1);
INSERT INTO "django_site" ("id", "name", "domain") VALUES (1, 'example.com', 'example.com');
