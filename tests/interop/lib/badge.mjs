// A realistic unsigned Open Badges 3.0 credential (VC Data Model 2.0 + OB 3.0.3 contexts).
import crypto from 'node:crypto';
import { VC_V2, OB_V303 } from './contexts.mjs';

export function unsignedBadge({ issuerId, extraContexts = [], validFrom = '2024-04-01T09:00:00Z', validUntil, tweak }) {
  const credential = {
    '@context': [VC_V2, OB_V303, ...extraContexts],
    id: `urn:uuid:${crypto.randomUUID()}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: 'Data Structures and Algorithms I',
    issuer: {
      id: issuerId,
      type: ['Profile'],
      name: 'Akashi Interop Test University (アカシ相互運用テスト大学)',
      url: 'https://university.example/',
      email: 'registrar@university.example',
    },
    validFrom,
    ...(validUntil ? { validUntil } : {}),
    credentialSubject: {
      id: 'did:example:learner-5d1c2a7e',
      type: ['AchievementSubject'],
      achievement: {
        id: 'https://university.example/achievements/cs-201',
        type: ['Achievement'],
        achievementType: 'Course',
        name: 'Data Structures and Algorithms I (データ構造とアルゴリズム I)',
        description: 'Completed a 15-week course covering lists, trees, hash tables, graphs and the analysis of algorithms, with a final project.',
        criteria: {
          narrative: 'Earned a grade of B or better in CS-201 and passed the final project review.\nAssessed by the Department of Computer Science.',
        },
        image: {
          id: 'https://university.example/badges/cs-201.png',
          type: 'Image',
          caption: 'CS-201 badge',
        },
        creator: {
          id: 'https://university.example/departments/computer-science',
          type: ['Profile'],
          name: 'Department of Computer Science',
        },
        tag: ['computer science', 'algorithms', '情報科学'],
        alignment: [{
          type: ['Alignment'],
          targetName: 'ACM CS2013 AL: Algorithms and Complexity',
          targetUrl: 'https://www.acm.org/education/curricula-recommendations',
          targetType: 'CFItem',
        }],
        fieldOfStudy: 'Computer Science',
        humanCode: 'CS-201',
      },
    },
  };
  tweak?.(credential);
  return credential;
}

// Literals that canonicalizers must escape or normalize exactly alike (RDFC-1.0 N-Quads
// escaping; RFC 8785 JCS string and number serialization), and an xsd:float-typed number.
export function trickyLiterals(credential) {
  const a = credential.credentialSubject.achievement;
  a.name = 'Tricky "quoted" \\ back\\slash\ttab\r\ncrlf \u0001 ctrl \u007f del \u2028 LS – 🎓 é/e\u0301 \uFFFD';
  a.description = '<script>alert("x")</script> & ampersand; \'single\'; trailing space ';
  a.creditsAvailable = 2.5;
  a.tag = ['', ' ', 'Ünïcödé', '日本語', 'x'];
}

export function integralNumber(credential) {
  credential.credentialSubject.achievement.creditsAvailable = 3;
}
