import Foundation
import XCTest
@testable import AkashiFFI

let fixedWalletKey = Data((1...32).map { UInt8($0) })
let otherFixedWalletKey = Data((101...132).map { UInt8($0) })

/// The platform key store (iOS Keychain) as a test double: always the same 32 bytes.
final class FixedKeys: KeyStore, @unchecked Sendable {
    private let key: Data
    private let lock = NSLock()
    private var count = 0

    init(_ key: Data = fixedWalletKey) {
        self.key = key
    }

    var calls: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }

    func walletKey() throws -> Data {
        lock.lock()
        count += 1
        lock.unlock()
        return key
    }
}

final class LockedKeys: KeyStore, @unchecked Sendable {
    func walletKey() throws -> Data { throw KeyStoreError.Unavailable }
}

struct SecretKeyStoreFailure: Error, CustomStringConvertible {
    var description: String { "secret-keystore-detail" }
}

final class BrokenKeys: KeyStore, @unchecked Sendable {
    func walletKey() throws -> Data { throw SecretKeyStoreFailure() }
}

final class CancelAfterFirst: ReverifyProgress, @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [[UInt64]] = []

    var calls: [[UInt64]] {
        lock.lock()
        defer { lock.unlock() }
        return seen
    }

    func onProgress(done: UInt64, total: UInt64) -> Bool {
        lock.lock()
        seen.append([done, total])
        lock.unlock()
        return done < 1
    }
}

/// AkashiWallet (the encrypted wallet) with a KeyStore and a ReverifyProgress written in Swift:
/// open in a temp dir, import the example credential and a baked PNG, list, search, get, tag,
/// reverify with cancel, delete, the activity log, a wrong key and a failing key store.
final class WalletTests: XCTestCase {
    let all = ListFilter(state: nil, issuerId: nil, tag: nil)

    func options() -> VerifyOptions {
        var o = defaultVerifyOptions()
        o.offline = true // CI reaches no issuer hosts
        return o
    }

    func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("akashi-wallet-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    func open(_ path: URL, _ keys: KeyStore = FixedKeys()) throws -> AkashiWallet {
        try AkashiWallet.open(path: path.path, keys: keys, options: options(), http: nil)
    }

    func addedId(_ o: ImportOutcome, file: StaticString = #filePath, line: UInt = #line) throws -> Int64 {
        guard case .added(let id) = o else {
            XCTFail("not added: \(o)", file: file, line: line)
            throw SecretKeyStoreFailure()
        }
        return id
    }

    func assertWalletError(_ expr: @autoclosure () throws -> Any, _ check: (WalletError) -> Bool, _ what: String,
                           file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try expr(), file: file, line: line) { error in
            guard let e = error as? WalletError, check(e) else {
                return XCTFail("expected \(what), got \(error)", file: file, line: line)
            }
        }
    }

    func testWalletRoundTrip() throws {
        let dir = try tempDir()
        let keys = FixedKeys()
        let wallet = try open(dir.appendingPathComponent("wallet.db"), keys)
        XCTAssertEqual(keys.calls, 1)
        let microBytes = try Data(contentsOf: try Fixtures.exampleCredential())
        let pngBytes = try Data(contentsOf: try Fixtures.ob3("1edtech-validator/simple-json.png"))
        let micro = try addedId(try wallet.importBytes(bytes: microBytes))
        let png = try addedId(try wallet.importBytes(bytes: pngBytes))
        XCTAssertNotEqual(micro, png)
        XCTAssertEqual(try wallet.importBytes(bytes: microBytes), .duplicate(id: micro))

        let listed = try wallet.list(sort: .name, filter: all)
        XCTAssertEqual(listed.count, 2)
        XCTAssertEqual(Set(listed.map { $0.id }), [micro, png])

        let found = try wallet.search(text: "Data Science")
        XCTAssertEqual(found.map { $0.id }, [micro])
        XCTAssertTrue((found.first?.name ?? "").contains("Data Science"))
        XCTAssertEqual(try wallet.search(text: "nothing-like-this").count, 0)

        let detail = try wallet.get(id: micro)
        XCTAssertEqual(detail.original, microBytes)
        XCTAssertEqual(detail.report?.summary, .verifiedWithWarnings)
        XCTAssertEqual(detail.badge.state, .verifiedWithWarnings)
        XCTAssertEqual(detail.badge.source, .bytes)
        XCTAssertEqual(try wallet.get(id: png).original, pngBytes)
        assertWalletError(try wallet.get(id: 9999), { if case .NotFound = $0 { return true }; return false }, "NotFound")

        try wallet.tag(id: png, tag: " teamwork ")
        XCTAssertEqual(try wallet.tags(), ["teamwork"])
        var byTag = all
        byTag.tag = "teamwork"
        XCTAssertEqual(try wallet.list(sort: .date, filter: byTag).map { $0.id }, [png])
        byTag.tag = "other"
        XCTAssertEqual(try wallet.list(sort: .date, filter: byTag).count, 0)
        assertWalletError(try wallet.tag(id: png, tag: "   "), { if case .InvalidTag = $0 { return true }; return false }, "InvalidTag")

        let progress = CancelAfterFirst()
        let outcome = try wallet.reverifyAll(progress: progress)
        XCTAssertTrue(outcome.cancelled)
        XCTAssertEqual(outcome.total, 2)
        XCTAssertEqual(outcome.done, 1)
        XCTAssertEqual(progress.calls, [[0, 2], [1, 2]])
        XCTAssertEqual(try wallet.reverifyAll(progress: nil).done, 2)

        try wallet.delete(id: png)
        XCTAssertEqual(try wallet.list(sort: .date, filter: all).map { $0.id }, [micro])
        XCTAssertEqual(try wallet.tags(), [])
        assertWalletError(try wallet.delete(id: png), { if case .NotFound = $0 { return true }; return false }, "NotFound")

        let log = try wallet.log()
        let actions = log.map { "\($0.action):\($0.badgeId.map(String.init) ?? "-")" }
        XCTAssertEqual(log.count, actions.count)
        XCTAssertEqual(log.prefix(2).map { $0.action }, [.`import`, .`import`], "\(actions)")
        XCTAssertEqual(log.prefix(2).map { $0.badgeId }, [micro, png], "\(actions)")
        XCTAssertTrue(log.contains { $0.action == .tag && $0.badgeId == png }, "\(actions)")
        XCTAssertEqual(log.last?.action, .delete)
        XCTAssertEqual(log.last?.badgeId, png)
    }

    /// Every file of the folder with its bytes.
    func fileState(_ dir: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
            out[name] = try Data(contentsOf: dir.appendingPathComponent(name))
        }
        return out
    }

    func testWrongKeyLeavesTheWalletUnchanged() throws {
        let dir = try tempDir()
        let path = dir.appendingPathComponent("wallet.db")
        var micro: Int64 = 0
        do {
            let wallet = try open(path)
            micro = try addedId(try wallet.importBytes(bytes: try Data(contentsOf: try Fixtures.exampleCredential())))
            try wallet.tag(id: micro, tag: "kept")
        } // the wallet is released (and its database closed) here
        let before = try fileState(dir)
        assertWalletError(try open(path, FixedKeys(otherFixedWalletKey)), { if case .WrongKey = $0 { return true }; return false }, "WrongKey")
        XCTAssertEqual(try fileState(dir), before)
        let reopened = try open(path)
        let listed = try reopened.list(sort: .date, filter: all)
        XCTAssertEqual(listed.map { $0.id }, [micro])
        XCTAssertEqual(listed.first?.tags, ["kept"])
    }

    func testKeyStoreFailures() throws {
        let path = try tempDir().appendingPathComponent("wallet.db")
        assertWalletError(try open(path, LockedKeys()), { if case .KeyUnavailable = $0 { return true }; return false }, "KeyUnavailable")
        XCTAssertThrowsError(try open(path, BrokenKeys())) { error in
            guard case WalletError.KeyStoreFailed = error else { return XCTFail("expected KeyStoreFailed, got \(error)") }
            XCTAssertFalse("\(error)".contains("secret-keystore-detail"))
        }
        assertWalletError(try open(path, FixedKeys(Data(count: 5))), { if case .BadKeyLength = $0 { return true }; return false }, "BadKeyLength")
        let size = (try? FileManager.default.attributesOfItem(atPath: path.path)[.size] as? Int) ?? 0
        XCTAssertEqual(size, 0)
    }

    func testUnreadableInputIsRefusedAndNothingIsStored() throws {
        let wallet = try open(try tempDir().appendingPathComponent("wallet.db"))
        XCTAssertThrowsError(try wallet.importText(text: "not json at all")) { error in
            guard case WalletError.UnreadableInput(let reason) = error, case .NotJson = reason else {
                return XCTFail("expected UnreadableInput(NotJson), got \(error)")
            }
        }
        XCTAssertEqual(try wallet.list(sort: .date, filter: all).count, 0)
    }

    func testImportManyKeepsOrderAndReportsEachInput() throws {
        let wallet = try open(try tempDir().appendingPathComponent("wallet.db"))
        let microBytes = try Data(contentsOf: try Fixtures.exampleCredential())
        let pngBytes = try Data(contentsOf: try Fixtures.ob3("1edtech-validator/simple-json.png"))
        let results = wallet.importMany(inputs: [microBytes, Data("not json at all".utf8), pngBytes, microBytes])
        XCTAssertEqual(results.count, 4)
        guard results.count == 4, let first = results[0].outcome, let third = results[2].outcome else {
            return XCTFail("expected outcomes for inputs 0 and 2: \(results)")
        }
        let micro = try addedId(first)
        XCTAssertNil(results[1].outcome)
        XCTAssertTrue(results[1].error?.contains("cannot be read") ?? false, "\(results[1])")
        let png = try addedId(third)
        XCTAssertEqual(results[3].outcome, .duplicate(id: micro))
        XCTAssertEqual(Set(try wallet.list(sort: .date, filter: all).map { $0.id }), Set([micro, png]))
        XCTAssertEqual(try wallet.get(id: png).original, pngBytes)
    }

    func testBackupAndRestoreIntoAFreshWallet() throws {
        let dir = try tempDir()
        let microBytes = try Data(contentsOf: try Fixtures.exampleCredential())
        let pngBytes = try Data(contentsOf: try Fixtures.ob3("1edtech-validator/simple-json.png"))
        let backup: Data
        do {
            let old = try open(dir.appendingPathComponent("old-phone.db"))
            let micro = try addedId(try old.importBytes(bytes: microBytes))
            _ = try addedId(try old.importBytes(bytes: pngBytes))
            try old.tag(id: micro, tag: "data science")
            backup = try old.backup(passphrase: "correct horse battery staple")
        }
        XCTAssertEqual(String(decoding: backup.prefix(13), as: UTF8.self), "AKASHI-BACKUP")
        XCTAssertNil(backup.range(of: Data("Data Science".utf8)), "the backup is encrypted")

        let fresh = try open(dir.appendingPathComponent("new-phone.db"), FixedKeys(otherFixedWalletKey))
        let outcome = try fresh.restore(file: backup, passphrase: "correct horse battery staple")
        XCTAssertEqual([outcome.badgesInBackup, outcome.badgesAdded, outcome.tagsAdded], [2, 2, 1])
        let restored = Set(try fresh.list(sort: .name, filter: all).map { try fresh.get(id: $0.id).original })
        XCTAssertEqual(restored, [microBytes, pngBytes])
        let hits = try fresh.search(text: "Data Science")
        XCTAssertEqual(hits.count, 1)
        XCTAssertTrue(hits.first?.tags.contains("data science") ?? false)

        let again = try fresh.restore(file: backup, passphrase: "correct horse battery staple")
        XCTAssertEqual([again.badgesAdded, again.badgesUnchanged], [0, 2])
        let before = try fresh.list(sort: .name, filter: all).map { "\($0.id) \($0.name ?? "")" }
        assertWalletError(try fresh.restore(file: backup, passphrase: "wrong passphrase"),
                          { if case .WrongPassphraseOrTampered = $0 { return true }; return false }, "WrongPassphraseOrTampered")
        assertWalletError(try fresh.restore(file: backup.prefix(backup.count / 2), passphrase: "correct horse battery staple"),
                          { if case .BackupTruncated = $0 { return true }; return false }, "BackupTruncated")
        assertWalletError(try fresh.restore(file: Data("not a backup".utf8), passphrase: "correct horse battery staple"),
                          { if case .NotABackup = $0 { return true }; return false }, "NotABackup")
        XCTAssertEqual(try fresh.list(sort: .name, filter: all).map { "\($0.id) \($0.name ?? "")" }, before)
    }
}
