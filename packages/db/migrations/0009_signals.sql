CREATE TABLE "knowledge_needs_handled" (
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"handled_on" date NOT NULL,
	"handled_by" uuid NOT NULL,
	CONSTRAINT "knowledge_needs_handled_kind_key_pk" PRIMARY KEY("kind","key"),
	CONSTRAINT "knowledge_needs_kind" CHECK ("knowledge_needs_handled"."kind" in ('search-miss', 'page-feedback'))
);
--> statement-breakpoint
CREATE TABLE "signal_exercise_decisions" (
	"day" date NOT NULL,
	"exercise" text NOT NULL,
	"node" text NOT NULL,
	"choice" text NOT NULL,
	"count" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "signal_exercise_decisions_day_exercise_node_choice_pk" PRIMARY KEY("day","exercise","node","choice")
);
--> statement-breakpoint
CREATE TABLE "signal_feedback" (
	"day" date NOT NULL,
	"page" text NOT NULL,
	"helped" boolean NOT NULL,
	"reason" text NOT NULL,
	"count" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "signal_feedback_day_page_helped_reason_pk" PRIMARY KEY("day","page","helped","reason")
);
--> statement-breakpoint
CREATE TABLE "signal_page_views" (
	"day" date NOT NULL,
	"page" text NOT NULL,
	"count" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "signal_page_views_day_page_pk" PRIMARY KEY("day","page")
);
--> statement-breakpoint
CREATE TABLE "signal_quiz_answers" (
	"day" date NOT NULL,
	"module" text NOT NULL,
	"question" text NOT NULL,
	"correct" boolean NOT NULL,
	"count" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "signal_quiz_answers_day_module_question_correct_pk" PRIMARY KEY("day","module","question","correct")
);
--> statement-breakpoint
CREATE TABLE "signal_search_misses" (
	"day" date NOT NULL,
	"lang" text NOT NULL,
	"query" text NOT NULL,
	"count" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "signal_search_misses_day_lang_query_pk" PRIMARY KEY("day","lang","query")
);
--> statement-breakpoint
ALTER TABLE "knowledge_needs_handled" ADD CONSTRAINT "knowledge_needs_handled_handled_by_users_id_fk" FOREIGN KEY ("handled_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;