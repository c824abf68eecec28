# Akashi：利用者が読む文言（日本語）。en/akashi.ftl と同じ id をすべて持つこと（テストで確認）。
# code-… はレポートの安定したチェックコードに対応する。

## チェック名
check-format = 形式
check-proof = 署名
check-issuer_key = 発行者の鍵
check-validity = 有効期間
check-status = 失効状態
check-trust = 信頼
check-recipient = 受領者
check-schema = スキーマ
check-challenge = チャレンジ
check-holder = 提示者
check-nested = 内包する証明

## 状態
status-valid = 有効
status-invalid = 無効
status-unknown = 不明
status-not_applicable = 対象外

## 判定
summary-verified = 検証済み
summary-verified_with_warnings = 検証済み（警告あり）
summary-expired = 期限切れ
summary-not_yet_valid = まだ有効でない
summary-revoked = 失効
summary-suspended = 一時停止
summary-not_verified = 検証できず

## コードなしで合格したチェック
ok-format = 証明書として正しい形式で、すべての用語が定義されています。
ok-proof = 署名は正しく、署名後に文書は変更されていません。
ok-issuer_key = 署名鍵は発行者のものです。
ok-validity = 有効期間内です。
ok-status = 発行者による失効・一時停止はありません。
ok-trust = 発行者は指定したレジストリに登録されています。
ok-recipient = 指定した学習者に授与されたものです。
ok-schema = 宣言されたスキーマに適合しています。
ok-challenge = 提示にはこちらのチャレンジとドメインが含まれています。
ok-holder = 提示者は証明書の主体本人です。
ok-nested = 内包するすべての証明書を検証しました。
plain-valid = { $check }：有効。
plain-invalid = { $check }：無効。
plain-unknown = { $check }：確認できませんでした。
plain-not_applicable = { $check }：この証明書には該当しません。
code-challenge_expired = この提示が応答している要求は期限切れです。新しい提示を求めてください。
code-no_lifetime = この一方向の提示には作成日時も有効期限もないため、いつのものか分からない再提示の可能性があります。
code-not_bound = 一方向の提示です。あなたのチャレンジに結び付いていないため、短い有効期間内であれば複製を再提示できます。
code-unlisted = { $check }：{ $status }（詳細を参照）。

## チェックコード
code-alg_key_mismatch = 署名アルゴリズムが鍵の種類と一致しません。
code-alg_none = トークンに署名がありません（アルゴリズム "none"）。
code-bad_badge = バッジ（BadgeClass）の形式が不正です。
code-bad_context = この種類の証明書に必要な @context ではありません。
code-bad_id = 識別子の形式が不正です。
code-bad_property = 項目の値の種類が正しくありません。
code-bad_recipient = 受領者の形式が不正です。
code-bad_signature = 署名が一致しません。署名後に文書が変更されたか、別の鍵で署名されています。
code-bad_type = この種類の証明書に必要な type ではありません。
code-challenge_mismatch = 提示は別のチャレンジに対して署名されています。
code-challenge_missing = 提示に指定したチャレンジが含まれていません。
code-claim_mismatch = トークンのクレームが証明書の内容と矛盾しています。
code-context_not_bundled = JSON-LD コンテキストが Akashi に同梱されていないため、用語を確認できません（コンテキストは取得しません）。
code-controller_mismatch = 署名鍵が発行者のものではありません。
code-domain_mismatch = 提示は別のドメインに対して署名されています。
code-domain_missing = 提示に指定したドメインが含まれていません。
code-expired = 有効期限（{ $valid_until }）が切れています。
code-expires_before_issued = 発行日より前に有効期限が切れています。
code-hosted_copy_unreadable = 発行者のサーバー上の原本を読み取れませんでした。
code-hosted_id_mismatch = 発行者のサーバー上の原本の id が異なります。
code-hosted_id_not_url = ホスト型バッジの id が Web アドレスではありません。
code-hosted_unavailable = 発行者のサーバー上の原本を取得できませんでした。
code-holder_not_proven = 提示者が主体の識別子を管理していることが証明されていません。
code-holder_not_subject = 提示者は証明書の主体ではありません。
code-invalid_date = 日付が不正です。
code-invalid_holder = 提示者が不正です。
code-invalid_id = 識別子が不正です。
code-invalid_issuer = 発行者が不正です。
code-invalid_jsonld = 文書が正しい JSON-LD ではありません。
code-invalid_key = 鍵が不正です。
code-invalid_member = 内包する証明書が不正です。
code-issuer_not_registered = 発行者（{ $issuer }）は指定したレジストリに登録されていません。
code-issuer_unconfirmed = レジストリに発行者は登録されていますが、署名がこの証明書とその発行者を結び付けていません。
code-jwk_kid_mismatch = トークンの鍵と鍵 ID が一致しません。
code-key_not_authorized = この鍵には所有者の証明書に署名する権限がありません。
code-key_not_listed = この鍵は所有者によって公開されていません。
code-key_not_owned = この鍵は発行者のものではありません。
code-key_unavailable = 署名鍵を取得できませんでした。
code-linked_document_unavailable = リンク先の文書（バッジまたは発行者）を取得できませんでした。
code-malformed_credential_schema = credentialSchema の記述が不正です。
code-malformed_date = 日付の形式が不正です。
code-malformed_jws = 署名（JWS）の形式が不正です。
code-malformed_proof = 署名（proof）の形式が不正です。
code-malformed_status = 失効状態の記述が不正です。
code-member_not_verified = 内包する証明書を検証できませんでした。
code-member_revoked = 内包する証明書が失効しています。
code-member_suspended = 内包する証明書が一時停止されています。
code-missing_property = 必須の項目がありません。
code-missing_type = type がありません。
code-needs_hosted_url = このバッジは発行者のアドレスでのみ確認できます。
code-needs_online_check = オンラインでの確認が必要ですが、できませんでした。
code-no_context = 文書に @context がありません。
code-no_document = 発行者のサーバーが文書を返しませんでした。
code-no_holder = 提示に提示者の記載がありません。
code-no_issuance_date = 発行日がありません。
code-no_issuer = 発行者の記載がありません。
code-no_issuer_id = 発行者に識別子がありません。
code-no_key = 署名鍵が指定されていません。
code-no_proof = 署名がないため、真正であることを示すものがありません。
code-no_recipient_info = 学習者の識別子と照合できる情報が証明書にありません。
code-no_registry = 発行者レジストリが設定されていないため、発行者を照会していません。
code-no_revocation_list = 発行者は失効リストを公開していません。
code-no_scope = 発行者が検証範囲を宣言していません。
code-no_subject = 証明書に主体がありません。
code-no_vc_context = 最初の @context が Verifiable Credentials のコンテキストではありません。
code-not_a_credential = 証明書ではありません。
code-not_a_presentation = 提示（プレゼンテーション）ではありません。
code-not_an_assertion = Open Badges のアサーションではありません。
code-not_checked = 未確認：前のチェックが失敗しました。
code-not_yet_valid = 有効期間は { $valid_from } からで、まだ始まっていません。
code-offline = オフラインのため確認できません（ネットワークが必要です）。
code-out_of_scope = バッジのアドレスが発行者の検証範囲外です。
code-private_key_in_header = トークンに秘密鍵が含まれているため拒否しました。
code-recipient_mismatch = 指定した学習者に授与されたものではありません。
code-redefined_term = 文書が保護された用語を再定義しています。
code-refresh_available = 発行者が更新版を提供しています。
code-registry_unavailable = 発行者レジストリを読み込めませんでした。
code-revoked = 発行者（{ $issuer }）がこの証明書を失効させました。
code-schema_mismatch = 宣言されたスキーマに適合していません。
code-schema_not_bundled = 宣言されたスキーマは Akashi に同梱されていません。
code-status_index_out_of_range = 失効リストの番号がリストの範囲外です。
code-status_list_expired = 失効リストの有効期限が切れています。
code-status_list_issuer_mismatch = 失効リストの発行者が異なります。
code-status_list_not_yet_valid = 失効リストはまだ有効ではありません。
code-status_list_unavailable = 失効リストを取得できませんでした（{ $url }）。
code-status_list_unusable = 失効リストを読み取れませんでした。
code-status_list_unverified = 失効リスト自体の署名を検証できませんでした。
code-status_message = 発行者からこの証明書についての状態メッセージがあります。
code-status_purpose_mismatch = 失効リストの用途が異なります。
code-status_unavailable = 失効状態を取得できませんでした。
code-subject_not_identified = 主体に識別子がありません。
code-suspended = 発行者（{ $issuer }）がこの証明書を一時停止しています。
code-too_deep = 証明書の入れ子が深すぎて確認できません。
code-too_many_credentials = 内包する証明書が多すぎて確認できません。
code-too_many_status_entries = 失効状態の記述が多すぎて確認できません。
code-undefined_terms = どのコンテキストでも定義されていない用語があります（表示されても署名の対象になりません）。
code-unknown_context = 不明な @context です。
code-unknown_type = 不明な type です。
code-unknown_verification = 不明な検証方式です。
code-unreachable = サーバーに接続できませんでした。
code-unsupported_alg = 署名アルゴリズムに対応していません。
code-unsupported_algorithm = 署名アルゴリズムに対応していません。
code-unsupported_format = この形式には対応していません。
code-unsupported_jws = この種類の JWS には対応していません。
code-unsupported_legacy_signed = この旧形式の署名付きバッジには対応していません。
code-unsupported_method = 鍵の方式に対応していません。
code-unsupported_proof = この署名方式には対応していません。
code-unsupported_recipient = 受領者の識別子の種類に対応していません。
code-unsupported_schema_type = このスキーマの種類には対応していません。
code-unsupported_status_purpose = この失効状態の用途には対応していません。
code-unsupported_status_type = この失効状態の種類には対応していません。
code-unusable_key = この鍵はこの署名には使えません。
code-verification_mismatch = 検証情報が一致しません。
code-within_lifetime = 提示は有効期間内です。
code-wrong_class = リンク先の文書の種類が違います。

## マイクロクレデンシャルの記述項目
descriptor-learner = 学習者
descriptor-title = 名称
descriptor-awarding_body = 発行機関
descriptor-issuer_country = 発行者の国・地域
descriptor-issue_date = 発行日
descriptor-learning_outcomes = 学習成果
descriptor-credits = 単位
descriptor-workload = 学習時間
descriptor-level = レベル
descriptor-assessment_type = 評価方法
descriptor-assessment_criteria = 評価基準
descriptor-form_of_participation = 参加形態
descriptor-quality_assurance = 質保証
descriptor-prerequisites = 受講要件
descriptor-supervision = 評価時の監督と本人確認
descriptor-grade = 成績
descriptor-stackability = 積み上げ
descriptor-further_information = 詳細情報

## その他の文言
ui-profile-complete = 充足
ui-profile-incomplete = 不足あり
ui-descriptors-heading = この証明書が証明する内容（文書の記載のとおり）
ui-profiles-heading = ガイドラインに対する充足度
ui-missing = 不足：{ $list }
ui-missing-recommended = 推奨項目の不足：{ $list }
ui-not-stated = 記載なし
ui-warning = 警告
ui-detail = 詳細
ui-checked-against = 判定時刻 { $time }
ui-from = 取得元 { $source }
ui-named-from = 「{ $name }」 発行：{ $issuer }
ui-named = 「{ $name }」
ui-only-from = 発行：{ $issuer }
ui-presentation = 検証可能な提示（Verifiable Presentation）
ui-refresh-offered = 更新版が { $url } で提供されています（akashi refresh FILE --out NEW で取得・検証できます）
ui-quiet-checks = ほか { $count } 件のチェックは合格または対象外
ui-relation-presentation_member = 提示された証明書
ui-relation-clr_member = CLR の構成要素
ui-relation-endorsement = 推薦（エンドースメント）
ui-wallet-badge = バッジ
ui-wallet-no-name = （名称なし）
ui-wallet-state = 状態
ui-wallet-verified-at = 検証日時 { $time }
ui-wallet-description = 説明
ui-wallet-issuer = 発行者
ui-wallet-id = ID
ui-wallet-valid-from = 有効期間開始
ui-wallet-valid-until = 有効期限
ui-wallet-image = 画像
ui-wallet-format = 形式
ui-wallet-imported = 取り込み
ui-wallet-tags = タグ
ui-wallet-history = 履歴
ui-wallet-history-replaced = 置き換えられた版
ui-wallet-history-older = 古い版
ui-wallet-history-line = #{ $id } { $why }、有効期間開始 { $valid_from }、{ $state }
ui-wallet-last-verification = 最後の検証
ui-wallet-no-report = 読める検証結果がありません：`akashi wallet reverify` を実行してください
ui-wallet-tagged = バッジ { $id }：タグ「{ $tag }」を付けました
ui-wallet-untagged = バッジ { $id }：タグ「{ $tag }」を外しました
ui-wallet-deleted = バッジ { $id } を削除しました
ui-wallet-backup-written = バックアップを { $file } に書き出しました（{ $bytes } バイト）
ui-wallet-restored = バックアップの { $in_backup } 件を復元しました：追加 { $added } 件、統合 { $merged } 件、変更なし { $unchanged } 件（履歴 { $history } 件、タグ { $tags } 件、記録 { $log } 件、提示者の鍵 { $holder_keys } 件を追加）
ui-wallet-to-whom = 提示先 { $who }
ui-wallet-import-added = 追加
ui-wallet-import-duplicate = 既に登録済み
ui-wallet-import-replaced = 旧版を置き換え
ui-wallet-import-kept_as_history = 履歴として保存
ui-wallet-import-line = { $input }：{ $outcome } バッジ { $id }{ $name }：{ $state }
ui-wallet-kept-unverified = （検証できませんでしたが、ウォレットに保存しました。`akashi wallet show` で確認できます）
ui-wallet-not-imported = { $input }：取り込めませんでした：{ $reason }
ui-wallet-some-not-imported = 取り込めなかった入力があります（ウォレット { $wallet }）
ui-wallet-reverifying = 再検証中：{ $done }/{ $total }
ui-wallet-reverified = { $total } 件中 { $done } 件を再検証しました。読めなかったもの { $failed } 件（前回の結果を保持）。現在：{ $states }
ui-wallet-empty = なし
ui-log-import = 取り込み
ui-log-replace = 置き換え
ui-log-history = 履歴
ui-log-duplicate = 重複
ui-log-verify = 検証
ui-log-tag = タグ付け
ui-log-untag = タグ解除
ui-log-delete = 削除
ui-log-present = 提示
ui-log-backup = バックアップ
ui-log-restore = 復元
ui-present-to = { $who } に提示します（要求の有効期限 { $expires }）
ui-present-signed = { $count } 件のバッジの提示に { $holder } が署名しました（{ $to }、有効期限 { $expires }）
ui-present-one-way = 一方向（要求なし）
ui-present-request-expired = { $who } からの要求は { $expires } に期限切れになりました。新しい要求を受け取ってください
ui-qr-one = QRコード 1 枚（バージョン { $version }、誤り訂正 { $ec }）
ui-qr-frames = QRフレーム { $count } 枚（毎秒 { $fps } 枚で繰り返し表示してください。バージョン { $version }、誤り訂正 { $ec }）

## 警告：検証は通ったが知っておくべきこと（Check.warnings）。
warn-exchange-no-challenge = チャレンジに結び付いていません。再利用を防ぐのは有効期間の短さだけです
warn-key-from-method-id = 鍵は検証メソッドの id から取り出されました。発行者が公開した鍵ではないため、発行者のものとは確認されていません
warn-jwt-embedded-proof-ignored = クレデンシャルには埋め込みの証明もありますが、検証していません（クレデンシャルは JWT で保護されています）
warn-jwt-typ = JWS ヘッダーの `typ` は { $typ } で、クレデンシャルやプレゼンテーションの JWT の型ではありません
warn-jwt-kid-unusable = `kid` では鍵を確認できませんでした: { $error }
warn-jwt-key-from-header = 鍵は JWS ヘッダー（jwk）から取り出されました。発行者が公開した鍵ではないため、発行者のものとは確認されていません
warn-endorsement-not-typed = { $path } の型が EndorsementCredential ではありません
warn-endorsement-jwt-object = { $path } はオブジェクトではなく JWT の文字列であるべきです
warn-endorsement-other-subject = { $path } が推薦しているのは { $subjects } で、添付先の { $what }（{ $target }）ではありません
warn-endorsement-not-verified = 推薦 { $member } は検証されていません（{ $why }）。推薦として数えていません
warn-format-ob3-without-context = Open Badges 3.0 のクレデンシャルとして型付けされていますが、OB 3.0 の @context を使っていません（リリース前のバッジかもしれません）
warn-format-old-ob-context = Open Badges のコンテキスト { $context } を使っています。現行のものは { $current } です
warn-format-vc-1-1 = VC Data Model 1.1 を使っています。Open Badges 3.0 は現在 VC Data Model 2.0 に従っています
warn-format-subject-unmatchable = credentialSubject に `id` も `identifier` もないため、保持者と照合できません
warn-format-no-valid-from = Open Badges 3.0 では validFrom が必須ですが、このクレデンシャルにはありません
warn-format-issuer-dependent-terms = どのコンテキストにも定義されておらず、意味が発行者次第の用語があります: { $terms }
warn-date-no-time-zone = { $name } にタイムゾーンがありません。UTC として読みました
warn-date-without-time = { $name } は時刻のない日付です。UTC の午前 0 時として読みました
warn-fetch-redirected = { $from } は { $to } にリダイレクトされました
warn-fetch-plain-http = { $url } は平文の HTTP アドレスです。Akashi は平文の HTTP では取得しないため、代わりに HTTPS（{ $https }）で取得しました
warn-fetch-id-same-host = { $url } としてリンクされた { $what } は id を { $id } と宣言しています（同じホストなので、その id を使います）
warn-fetch-id-other-host = { $url } としてリンクされた { $what } は別のホストの { $id } を id と宣言しています。そこにある文書を取得して使いました
warn-fetch-id-not-http = { $url } の { $what } は HTTP でない id（{ $id }）を宣言しています。それを提供したホストをそのホストとみなしました
warn-ob2-key-no-owner = 鍵の文書に所有者が記載されていません
warn-ob2-embedded-issuer-other-host = 埋め込まれた発行者プロフィールは別のホストの { $id } を指しています。そのアドレスが提供するプロフィールを使いました
warn-ob2-hosted-copy-differs = 渡されたコピーは発行者が提供するものと異なります（{ $fields }）。発行者のコピーを検証し、それを表示しています
warn-ob2-issuer-id-not-http = 発行者の id（{ $id }）は HTTP のアドレスではありません。発行者プロフィールを提供したホストを発行者のホストとして使いました
warn-ob2-inline-context-extra = インラインのコンテキストが Open Badges 2.0 にない用語を { $count } 個定義しています。それらは読んでいません
warn-ob2-no-type = { $what } に型がありません。{ $type } として読みました
warn-ob2-badge-no-description = バッジクラスに説明がありません
warn-ob2-badge-no-image = バッジクラスに画像がありません
warn-ob2-issuer-url-not-http = 発行者の url が http(s) の URL ではありません
warn-ob2-issuer-no-url = 発行者プロフィールに url がありません
warn-ob2-issuer-no-email = 発行者プロフィールにメールアドレスがありません
warn-ob2-old-version = これは { $version } のアサーション（古い形式）です。Open Badges 2.0 が同じフィールドを定めているので、そのとおりに読みました
warn-ob2-no-uid = 1.0 のアサーションに uid がありません
warn-ob2-recipient-identity-type = 受領者の識別子の種類が認識できません
warn-ob2-extensions-not-checked = 検証していない拡張: { $extensions }
warn-ob2-endorsements-not-checked = Open Badges 2.0 の推薦 { $count } 件は検証していません
warn-proof-legacy-cryptosuite = { $many ->
        [yes] { $count } 件中 { $number } 件目の証明
       *[no] 証明
    }: 標準化前の暗号スイート名 eddsa-2022 を使っています（現在の名前は eddsa-rdfc-2022）
warn-proof-unsupported = { $many ->
        [yes] { $count } 件中 { $number } 件目の証明
       *[no] 証明
    }: { $what }。検証していません
warn-proof-key-problem = { $many ->
        [yes] { $count } 件中 { $number } 件目の証明
       *[no] 証明
    }: 検証していません: { $error }
warn-holder-proof-created-future = 保持者の証明の作成日時は { $created } で、未来の日時です
warn-holder-challenge-unchecked = 保持者の証明にはチャレンジ { $challenge } がありますが、比較するチャレンジが与えられていません。プレゼンテーションの再送を検出できません
warn-holder-no-challenge = チャレンジが与えられておらず、保持者の証明にもありません。プレゼンテーションの再送を検出できません
warn-holder-domain-unchecked = 保持者の証明はドメイン { $domains } 向けですが、比較するドメインが与えられていません
warn-holder-not-proven = さらに、{ $holder } がこれらのクレデンシャルを提示したことを示すものはありません
warn-schema-not-checked = ほかにも宣言されていますが検証していません: { $schemas }
warn-revocation-list-unsigned = 失効リストは署名されていません。署名されたクレデンシャルが示すアドレスとして { $host } から HTTPS で提供されたものを信頼しています
warn-status-list-small = リストの項目は { $entries } 件しかなく、W3C 仕様が求める { $min } 件に足りません（どのクレデンシャルを確認したかが分かりにくくなるよう定められた数です）
warn-status-refresh = 発行者はこのクレデンシャルの更新版を持っています
warn-status-message = 発行者のステータスメッセージ: { $message }
warn-status-list-other-issuer = ステータスリストの発行者は { $list } で、クレデンシャルの発行者 { $issuer } ではありません
warn-member-with-warnings = { $member } は検証済み（警告あり）です（そのレポートを参照してください）
warn-member-authentic-but = { $member } は真正ですが、{ $state ->
        [expired] 有効期限が切れています
       *[not_yet_valid] まだ有効期間が始まっていません
    }
warn-association-more = 残り { $count } 件の関連付けは読んでいません
warn-association-incomplete = credentialSubject.association[{ $index }] に associationType、sourceId、targetId のいずれかがありません。無視しました
warn-association-unknown-type = credentialSubject.association[{ $index }]: associationType { $type } は CLR 2.0 が定めるものではありません
warn-association-dangling = credentialSubject.association[{ $index }]: { $what } { $id } はこの CLR のどの達成やクレデンシャルも指していません
warn-registry-malformed = 登録簿 { $registry }: 不正な項目 { $count } 件（オブジェクトでない、または名前がテキストでない）を無視しました
warn-registry-empty = 登録簿 { $registry } には発行者が載っていません
warn-registry-name-differs = クレデンシャルは発行者を「{ $own }」と呼んでいますが、登録簿では「{ $registry }」です
warn-ob2-verification-policy-reference = 発行者の検証ポリシーは参照になっていますが、Akashi は参照をたどらないため、既定のポリシーを適用しました
warn-proof-party-from-key = { $party ->
        [issuer] クレデンシャルに発行者
       *[holder] プレゼンテーションに保持者
    }の記載がありません。署名したのは { $key } なので、これを{ $party ->
        [issuer] 発行者
       *[holder] 保持者
    }とみなしました
