# Akashi: what a person reads, in English. Every id here must also be in ja/akashi.ftl
# (a test checks both files have the same ids). Codes are the report's stable check codes.

## Checks
check-format = format
check-proof = proof
check-issuer_key = issuer key
check-validity = validity
check-status = status
check-trust = trust
check-recipient = recipient
check-schema = schema
check-challenge = challenge
check-holder = holder
check-nested = nested

## States
status-valid = valid
status-invalid = invalid
status-unknown = unknown
status-not_applicable = not applicable

## Verdicts
summary-verified = VERIFIED
summary-verified_with_warnings = VERIFIED WITH WARNINGS
summary-expired = EXPIRED
summary-not_yet_valid = NOT YET VALID
summary-revoked = REVOKED
summary-suspended = SUSPENDED
summary-not_verified = NOT VERIFIED

## A check that passed without a code
ok-format = The document is a well-formed credential and every term is defined.
ok-proof = The signature is valid: the document is unchanged since it was signed.
ok-issuer_key = The signing key belongs to the issuer.
ok-validity = The credential is within its validity period.
ok-status = The issuer has not revoked or suspended the credential.
ok-trust = The issuer is listed in a registry you chose.
ok-recipient = The credential was awarded to the learner you named.
ok-schema = The credential conforms to its declared schema.
ok-challenge = The presentation carries your challenge and domain.
ok-holder = The holder who presented it is the credential's subject.
ok-nested = Every credential inside was verified.
plain-valid = { $check }: valid.
plain-invalid = { $check }: invalid.
plain-unknown = { $check }: could not be checked.
plain-not_applicable = { $check }: does not apply to this credential.
code-challenge_expired = The request this presentation answers has expired: ask for a new presentation.
code-no_lifetime = This one-way presentation says neither when it was made nor until when it is valid, so it could be a replay of any age.
code-not_bound = One-way presentation: it is not bound to your challenge, so a copy could be shown again within its short lifetime.
code-unlisted = { $check }: { $status } (see the detail).

## Check codes
code-alg_key_mismatch = The signature algorithm does not match the key type.
code-alg_none = The token is unsigned (algorithm "none").
code-bad_badge = The badge (BadgeClass) is malformed.
code-bad_context = The @context is not the one this kind of credential requires.
code-bad_id = An identifier is malformed.
code-bad_property = A property has a value of the wrong kind.
code-bad_recipient = The recipient is malformed.
code-bad_signature = The signature does not match: the document was changed after signing or signed with another key.
code-bad_type = The type is not the one this kind of credential requires.
code-challenge_mismatch = The presentation was signed for another challenge.
code-challenge_missing = The presentation does not carry the challenge you gave.
code-claim_mismatch = The token's claims contradict the credential.
code-context_not_bundled = A JSON-LD context is not bundled with Akashi, so the terms cannot be checked (contexts are never fetched).
code-controller_mismatch = The signing key does not belong to the issuer.
code-domain_mismatch = The presentation was signed for another domain.
code-domain_missing = The presentation does not carry the domain you gave.
code-expired = The credential expired at { $valid_until }.
code-expires_before_issued = The credential expires before it was issued.
code-hosted_copy_unreadable = The issuer's hosted copy could not be read.
code-hosted_id_mismatch = The issuer's hosted copy has a different id.
code-hosted_id_not_url = A hosted badge's id is not a web address.
code-hosted_unavailable = The issuer's hosted copy could not be fetched.
code-holder_not_proven = The holder did not prove control of the subject's identifier.
code-holder_not_subject = The holder is not the credential's subject.
code-invalid_date = A date is invalid.
code-invalid_holder = The presentation's holder is invalid.
code-invalid_id = An identifier is invalid.
code-invalid_issuer = The issuer is invalid.
code-invalid_jsonld = The document is not valid JSON-LD.
code-invalid_key = The key is invalid.
code-invalid_member = A credential inside is invalid.
code-issuer_not_registered = The issuer ({ $issuer }) is not listed in the registries you chose.
code-issuer_unconfirmed = A registry lists the issuer, but the proof does not tie this credential to that issuer.
code-jwk_kid_mismatch = The token's key and key id disagree.
code-key_not_authorized = The key is not authorized to sign credentials for its owner.
code-key_not_listed = The key is not listed by its owner.
code-key_not_owned = The key does not belong to the issuer.
code-key_unavailable = The signing key could not be obtained.
code-linked_document_unavailable = A linked document (badge or issuer) could not be obtained.
code-malformed_credential_schema = The credentialSchema entry is malformed.
code-malformed_date = A date is malformed.
code-malformed_jws = The signature (JWS) is malformed.
code-malformed_proof = The proof is malformed.
code-malformed_status = The status entry is malformed.
code-member_not_verified = A credential inside could not be verified.
code-member_revoked = A credential inside has been revoked.
code-member_suspended = A credential inside has been suspended.
code-missing_property = A required property is missing.
code-missing_type = The type is missing.
code-needs_hosted_url = This badge can be checked only at its issuer's address.
code-needs_online_check = This needs an online check, which was not possible.
code-no_context = The document has no @context.
code-no_document = The issuer's server returned no document.
code-no_holder = The presentation names no holder.
code-no_issuance_date = The credential has no issue date.
code-no_issuer = The credential names no issuer.
code-no_issuer_id = The issuer has no identifier.
code-no_key = No signing key is named.
code-no_proof = The credential carries no proof, so nothing shows it is authentic.
code-no_recipient_info = The credential says nothing to compare the learner's identifiers with.
code-no_registry = No issuer registry is configured, so the issuer was not looked up.
code-no_revocation_list = The issuer publishes no revocation list.
code-no_scope = The issuer declares no verification scope.
code-no_subject = The credential has no subject.
code-no_vc_context = The first @context is not a Verifiable Credentials context.
code-not_a_credential = This is not a credential.
code-not_a_presentation = This is not a presentation.
code-not_an_assertion = This is not an Open Badges assertion.
code-not_checked = Not checked: an earlier check failed.
code-not_yet_valid = The credential is not valid before { $valid_from }.
code-offline = Offline: this needs the network.
code-out_of_scope = The badge's address is outside the issuer's verification scope.
code-private_key_in_header = The token carries a private key: refused.
code-recipient_mismatch = The credential was not awarded to the learner you named.
code-redefined_term = The document redefines a protected term.
code-refresh_available = The issuer offers an updated version.
code-registry_unavailable = An issuer registry could not be loaded.
code-revoked = The issuer ({ $issuer }) has revoked this credential.
code-schema_mismatch = The credential does not conform to its declared schema.
code-schema_not_bundled = The declared schema is not bundled with Akashi.
code-status_index_out_of_range = The status index is outside the status list.
code-status_list_expired = The status list has expired.
code-status_list_issuer_mismatch = The status list comes from another issuer.
code-status_list_not_yet_valid = The status list is not valid yet.
code-status_list_unavailable = The status list could not be fetched ({ $url }).
code-status_list_unusable = The status list could not be read.
code-status_list_unverified = The status list's own proof did not verify.
code-status_message = The issuer has a status message for this credential.
code-status_purpose_mismatch = The status list is for another purpose.
code-status_unavailable = The status could not be obtained.
code-subject_not_identified = The subject has no identifier.
code-suspended = The issuer ({ $issuer }) has suspended this credential.
code-too_deep = Credentials are nested too deeply to check.
code-too_many_credentials = Too many credentials inside to check.
code-too_many_status_entries = Too many status entries to check.
code-undefined_terms = The document uses terms no context defines: they would be shown but not signed.
code-unknown_context = The @context is unknown.
code-unknown_type = The type is unknown.
code-unknown_verification = The verification type is unknown.
code-unreachable = A server could not be reached.
code-unsupported_alg = The signature algorithm is not supported.
code-unsupported_algorithm = The signature algorithm is not supported.
code-unsupported_format = The format is not supported.
code-unsupported_jws = This kind of JWS is not supported.
code-unsupported_legacy_signed = This old signed-badge form is not supported.
code-unsupported_method = The key's method is not supported.
code-unsupported_proof = The proof type is not supported.
code-unsupported_recipient = The recipient's identifier type is not supported.
code-unsupported_schema_type = The schema type is not supported.
code-unsupported_status_purpose = The status purpose is not supported.
code-unsupported_status_type = The status type is not supported.
code-unusable_key = The key cannot be used for this signature.
code-verification_mismatch = The verification details do not match.
code-within_lifetime = The presentation is within its lifetime.
code-wrong_class = The linked document is of the wrong kind.

## Micro-credential descriptors
descriptor-learner = Learner
descriptor-title = Title
descriptor-awarding_body = Awarding body
descriptor-issuer_country = Country of the issuer
descriptor-issue_date = Date of issue
descriptor-learning_outcomes = Learning outcomes
descriptor-credits = Credits
descriptor-workload = Notional workload
descriptor-level = Level
descriptor-assessment_type = Type of assessment
descriptor-assessment_criteria = Assessment criteria
descriptor-form_of_participation = Form of participation
descriptor-quality_assurance = Quality assurance
descriptor-prerequisites = Prerequisites
descriptor-supervision = Supervision and identity verification
descriptor-grade = Grade
descriptor-stackability = Stackability
descriptor-further_information = Further information

## Other phrases
ui-profile-complete = complete
ui-profile-incomplete = incomplete
ui-descriptors-heading = What this credential certifies (as stated by the document)
ui-profiles-heading = Completeness against guidelines
ui-missing = missing: { $list }
ui-missing-recommended = recommended, missing: { $list }
ui-not-stated = not stated
ui-warning = warning
ui-detail = detail
ui-checked-against = checked against { $time }
ui-from = from { $source }
ui-named-from = "{ $name }" from { $issuer }
ui-named = "{ $name }"
ui-only-from = from { $issuer }
ui-presentation = Verifiable Presentation
ui-refresh-offered = an updated version is offered at { $url } (akashi refresh FILE --out NEW to fetch and verify it)
ui-quiet-checks = { $count ->
    [one] { $count } other check passed or did not apply
   *[other] { $count } other checks passed or did not apply
}
ui-relation-presentation_member = presented credential
ui-relation-clr_member = CLR member
ui-relation-endorsement = endorsement
ui-wallet-badge = badge
ui-wallet-no-name = (no name)
ui-wallet-state = state
ui-wallet-verified-at = verified at { $time }
ui-wallet-description = description
ui-wallet-issuer = issuer
ui-wallet-id = id
ui-wallet-valid-from = valid from
ui-wallet-valid-until = valid until
ui-wallet-image = image
ui-wallet-format = format
ui-wallet-imported = imported
ui-wallet-tags = tags
ui-wallet-history = history
ui-wallet-history-replaced = replaced
ui-wallet-history-older = older version
ui-wallet-history-line = #{ $id } { $why }, valid from { $valid_from }, { $state }
ui-wallet-last-verification = last verification
ui-wallet-no-report = no readable report: run `akashi wallet reverify`
ui-wallet-tagged = badge { $id }: tagged '{ $tag }'
ui-wallet-untagged = badge { $id }: tag '{ $tag }' removed
ui-wallet-deleted = badge { $id } deleted
ui-wallet-backup-written = backup written to { $file } ({ $bytes } bytes)
ui-wallet-restored = restored { $in_backup } badges: { $added } added, { $merged } merged, { $unchanged } unchanged ({ $history } history entries, { $tags } tags, { $log } log entries, { $holder_keys } holder keys added)
ui-wallet-to-whom = to { $who }
ui-wallet-import-added = added
ui-wallet-import-duplicate = already in the wallet as
ui-wallet-import-replaced = replaced the older version of
ui-wallet-import-kept_as_history = kept in the history of
ui-wallet-import-line = { $input }: { $outcome } badge { $id }{ $name }: { $state }
ui-wallet-kept-unverified = (did not verify; kept in the wallet, see `akashi wallet show`)
ui-wallet-not-imported = { $input }: not imported: { $reason }
ui-wallet-some-not-imported = some inputs were not imported (wallet { $wallet })
ui-wallet-reverifying = re-verifying: { $done }/{ $total }
ui-wallet-reverified = { $done } of { $total } badges re-verified, { $failed } could not be read (their previous report is kept); now: { $states }
ui-wallet-empty = empty
ui-log-import = import
ui-log-replace = replace
ui-log-history = history
ui-log-duplicate = duplicate
ui-log-verify = verify
ui-log-tag = tag
ui-log-untag = untag
ui-log-delete = delete
ui-log-present = present
ui-log-backup = backup
ui-log-restore = restore
ui-present-to = presenting to { $who } (request valid until { $expires })
ui-present-signed = presentation of { $count } badge(s) signed by { $holder }, { $to }, valid until { $expires }
ui-present-one-way = one-way (no request)
ui-present-request-expired = the request from { $who } expired at { $expires }: ask for a new one
ui-qr-one = one QR code, version { $version } error correction { $ec }
ui-qr-frames = { $count } QR frames (show them in a loop at { $fps } per second), version { $version } error correction { $ec }

## Warnings: what a check found worth knowing although it passed (Check.warnings).
warn-exchange-no-challenge = not bound to a challenge: only its short lifetime limits a replay
warn-key-from-method-id = the key was taken from the verification method id; the issuer did not publish it, so it is not confirmed to be the issuer's
warn-jwt-embedded-proof-ignored = the credential also carries an embedded proof; it was not checked (the JWT secures the credential)
warn-jwt-typ = the JWS header `typ` is { $typ }, not a credential or presentation JWT type
warn-jwt-kid-unusable = the `kid` could not be used to confirm the key: { $error }
warn-jwt-key-from-header = the key was taken from the JWS header (jwk); the issuer did not publish it, so it is not confirmed to be the issuer's
warn-endorsement-not-typed = { $path } is not typed EndorsementCredential
warn-endorsement-jwt-object = { $path } should be a JWT string, not an object
warn-endorsement-other-subject = { $path } endorses { $subjects }, not the { $what } it is attached to ({ $target })
warn-endorsement-not-verified = the endorsement { $member } is not verified: { $why }; it is not counted as an endorsement
warn-format-ob3-without-context = typed as an Open Badges 3.0 credential but does not use the OB 3.0 @context (a pre-release badge?)
warn-format-old-ob-context = uses the Open Badges context { $context }; the current one is { $current }
warn-format-vc-1-1 = uses VC Data Model 1.1; Open Badges 3.0 now follows VC Data Model 2.0
warn-format-subject-unmatchable = the credentialSubject has neither `id` nor `identifier`, so it cannot be matched to its holder
warn-format-no-valid-from = Open Badges 3.0 requires validFrom; this credential has none
warn-format-issuer-dependent-terms = terms that no context defines, so their meaning is up to the issuer: { $terms }
warn-date-no-time-zone = { $name } has no time zone; read as UTC
warn-date-without-time = { $name } is a date without a time; read as midnight UTC
warn-fetch-redirected = { $from } redirected to { $to }
warn-fetch-plain-http = { $url } is a plain-HTTP address; it was fetched over HTTPS instead ({ $https }), as Akashi never fetches plain HTTP
warn-fetch-id-same-host = { $what } linked as { $url } declares its id as { $id } (same host, so that id is used)
warn-fetch-id-other-host = { $what } linked as { $url } declares its id as { $id } on another host; the document there was fetched and used
warn-fetch-id-not-http = { $what } at { $url } declares a non-HTTP id ({ $id }); its host is taken to be the one that served it
warn-ob2-key-no-owner = the key document names no owner
warn-ob2-embedded-issuer-other-host = the embedded issuer profile names { $id } on another host; the profile that address serves was used
warn-ob2-hosted-copy-differs = the copy given differs from the one the issuer serves (in { $fields }); the issuer's copy was checked and is the one shown
warn-ob2-issuer-id-not-http = the issuer's id ({ $id }) is not an HTTP address; the host that served the issuer profile was used as its host
warn-ob2-inline-context-extra = the inline context defines { $count } term(s) beyond Open Badges 2.0; they were not read
warn-ob2-no-type = { $what } has no type; read as a { $type }
warn-ob2-badge-no-description = the badge class has no description
warn-ob2-badge-no-image = the badge class has no image
warn-ob2-issuer-url-not-http = the issuer's url is not an http(s) URL
warn-ob2-issuer-no-url = the issuer profile has no url
warn-ob2-issuer-no-email = the issuer profile has no email
warn-ob2-old-version = this is an { $version } assertion (an old format); it was read as Open Badges 2.0 defines the same fields
warn-ob2-no-uid = the 1.0 assertion has no uid
warn-ob2-recipient-identity-type = the recipient has no recognised identity type
warn-ob2-extensions-not-checked = extension(s) not checked: { $extensions }
warn-ob2-endorsements-not-checked = { $count } Open Badges 2.0 endorsement(s) were not checked
warn-proof-legacy-cryptosuite = { $many ->
        [yes] proof { $number } of { $count }
       *[no] the proof
    }: uses the pre-standard cryptosuite name eddsa-2022 (now eddsa-rdfc-2022)
warn-proof-unsupported = { $many ->
        [yes] proof { $number } of { $count }
       *[no] the proof
    }: { $what }; it was not checked
warn-proof-key-problem = { $many ->
        [yes] proof { $number } of { $count }
       *[no] the proof
    }: not checked: { $error }
warn-holder-proof-created-future = the holder's proof says it was created at { $created }, which is in the future
warn-holder-challenge-unchecked = the holder's proof carries challenge { $challenge }, but no challenge was given to compare it with: a replayed presentation cannot be detected
warn-holder-no-challenge = no challenge was given and the holder's proof has none: a replayed presentation cannot be detected
warn-holder-domain-unchecked = the holder's proof is for domain { $domains }, but no domain was given to compare it with
warn-holder-not-proven = besides, nothing proves that { $holder } presented these credentials
warn-schema-not-checked = also declared but not checked: { $schemas }
warn-revocation-list-unsigned = the revocation list is not signed; it is trusted as served by { $host } over HTTPS, the address the signed credential names
warn-status-list-small = the list has only { $entries } entries, fewer than the { $min } the W3C specification requires so that checking it reveals little about which credential is checked
warn-status-refresh = the issuer has an updated version of this credential
warn-status-message = the issuer's status message: { $message }
warn-status-list-other-issuer = the status list is issued by { $list }, not by the credential's issuer { $issuer }
warn-member-with-warnings = { $member } is verified with warnings (see its report)
warn-member-authentic-but = { $member } is authentic but { $state ->
        [expired] expired
       *[not_yet_valid] not yet valid
    }
warn-association-more = { $count } more associations were not read
warn-association-incomplete = credentialSubject.association[{ $index }] lacks associationType, sourceId or targetId; it was ignored
warn-association-unknown-type = credentialSubject.association[{ $index }]: associationType { $type } is not one CLR 2.0 defines
warn-association-dangling = credentialSubject.association[{ $index }]: { $what } { $id } names no achievement or credential in this CLR
warn-registry-malformed = registry { $registry }: { $count } { $count ->
        [one] entry is
       *[other] entries are
    } malformed (not an object, or a name that is not text) and ignored
warn-registry-empty = registry { $registry } lists no issuers
warn-registry-name-differs = the credential calls its issuer "{ $own }"; the registry calls it "{ $registry }"
warn-ob2-verification-policy-reference = the issuer's verification policy is a reference, which Akashi does not follow; the default policy was applied
warn-proof-party-from-key = the { $party ->
        [issuer] credential names no issuer
       *[holder] presentation names no holder
    }; it was signed by { $key }, who is taken as the { $party ->
        [issuer] issuer
       *[holder] holder
    }
