"""URLs of the applicants' pages, under /accounts/ and /apply/."""

from django.urls import path

from .views import (
    accounts,
    applications,
    drafts,
    files,
    involvements,
    messages,
    passwords,
    submission,
    supplements,
)

accounts_patterns = (
    [
        path("register/", accounts.register, name="register"),
        path("register/sent/", accounts.registered, name="registered"),
        path("verify/<str:token>/", accounts.verify_email, name="verify"),
        path("login/", accounts.login_view, name="login"),
        path("logout/", accounts.logout_view, name="logout"),
        path("messages/", messages.message_list, name="messages"),
        path("messages/read/", messages.message_read_all, name="messages_read_all"),
        path("messages/<int:pk>/", messages.message_detail, name="message"),
        path("password-reset/", passwords.password_reset, name="password_reset"),
        path("password-reset/sent/", passwords.password_reset_done, name="password_reset_done"),
        path(
            "password-reset/<uidb64>/<token>/",
            passwords.password_reset_confirm,
            name="password_reset_confirm",
        ),
        path(
            "password-reset/done/",
            passwords.password_reset_complete,
            name="password_reset_complete",
        ),
        path("licence/<int:pk>/", accounts.licence_download, name="licence"),
        path("licence/<int:pk>/replace/", accounts.licence_replace, name="licence_replace"),
    ],
    "accounts",
)

application_patterns = (
    [
        path("", applications.dashboard, name="dashboard"),
        path("new/", applications.create, name="create"),
        path("eligibility/", applications.eligibility, name="eligibility"),
        path("keep-alive/", drafts.keep_alive, name="keep_alive"),
        path("form-template.pdf", drafts.form_template, name="form_template"),
        path("verify-email/", applications.resend_verification, name="resend_verification"),
        path("involvements/", involvements.involvement_list, name="involvements"),
        path(
            "involvements/<int:pk>/",
            involvements.involvement_answer,
            name="involvement_answer",
        ),
        path("<int:pk>/", applications.step_projects, name="step_projects"),
        path("<int:pk>/numbers/", applications.step_numbers, name="step_numbers"),
        path("<int:pk>/area/", applications.step_area, name="step_area"),
        path(
            "<int:pk>/area/counties/<int:involvement_pk>/ask-again/",
            involvements.involvement_ask,
            name="involvement_ask_again",
        ),
        path("<int:pk>/outline/", applications.step_outline, name="step_outline"),
        path("<int:pk>/materials/", applications.step_materials, name="step_materials"),
        path("<int:pk>/autosave/<slug:step>/", drafts.autosave, name="autosave"),
        path("<int:pk>/delete/", drafts.delete_draft, name="delete_draft"),
        path(
            "<int:pk>/materials/<int:material_pk>/delete/",
            applications.material_delete,
            name="material_delete",
        ),
        path(
            "<int:pk>/materials/<int:material_pk>/",
            files.material_download,
            name="material_download",
        ),
        path("<int:pk>/review/", submission.review, name="review"),
        path("<int:pk>/receipt/", submission.receipt_region, name="receipt_region"),
        path("<int:pk>/submitted/<slug:step>/", submission.step_view, name="step_view"),
        path("<int:pk>/more-time/", supplements.extension_request, name="extension_request"),
        path("<int:pk>/withdraw/", supplements.withdraw, name="withdraw"),
        path("<int:pk>/copy/", supplements.copy, name="copy"),
        path("<int:pk>/receipt.pdf", files.receipt_download, name="receipt"),
    ],
    "applications",
)
