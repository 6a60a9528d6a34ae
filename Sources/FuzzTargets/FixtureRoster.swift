/// The roster the `eval` target evaluates over: a copy of Tests/Fixtures/mini.json (five
/// applicants), inlined so a fuzz binary runs from any folder.
let fixtureRoster = #"""
{
 "year": 2024,
 "notice": "衢州水利〔2024〕72号",
 "applicants": [
  {
   "id": "QZ2024-0001",
   "name": "张伟",
   "id_number": "330802199001011234",
   "unit": "衢州市乌溪江引水工程管理中心",
   "unit_kind": "事业单位",
   "unit_tier": "市本级",
   "agency": "衢州市水利局",
   "in_post": true,
   "post_vacancy": true,
   "level": "工程师",
   "route": "正常申报",
   "category": "运行管理",
   "specialty": "水利水电工程",
   "degree": "本科",
   "graduated_on": "2012-07-01",
   "major_related": true,
   "title": "助理工程师",
   "title_since": "2019-12-20",
   "title_in_water": true,
   "title_origin": "省内",
   "work_started": "2012-08-01",
   "continuing_education": [
    {
     "year": 2021,
     "public": 24,
     "professional": 70,
     "other": 0
    },
    {
     "year": 2022,
     "public": 20,
     "professional": 72,
     "other": 0
    },
    {
     "year": 2023,
     "public": 30,
     "professional": 64,
     "other": 0
    },
    {
     "year": 2024,
     "public": 18,
     "professional": 80,
     "other": 0
    }
   ],
   "assessments": [
    {
     "year": 2020,
     "result": "合格"
    },
    {
     "year": 2021,
     "result": "优秀"
    },
    {
     "year": 2022,
     "result": "合格"
    },
    {
     "year": 2023,
     "result": "合格"
    }
   ],
   "social_insurance": "省内",
   "performance": [
    {
     "title": "乌溪江灌区续建配套与节水改造工程运行管理",
     "new": true,
     "collective": false
    }
   ],
   "self_statement": "本人自2012年起从事水利工程运行管理工作……",
   "submitted_on": "2024-07-15",
   "publicity_start": "2024-07-22",
   "publicity_end": "2024-07-26",
   "unit_reviewed_on": "2024-08-01",
   "county_recommended_on": "2024-09-02",
   "fee_paid": true,
   "phone": "13812345678"
  },
  {
   "id": "QZ2024-0002",
   "name": "李娜",
   "id_number": "330802199205051235",
   "unit": "衢州市乌溪江引水工程管理中心",
   "unit_kind": "事业单位",
   "unit_tier": "县（市、区）",
   "agency": "柯城区水利局",
   "in_post": true,
   "post_vacancy": true,
   "level": "助理工程师",
   "route": "正常申报",
   "category": "运行管理",
   "specialty": "水利水电工程",
   "degree": "大专",
   "graduated_on": "2012-07-01",
   "major_related": true,
   "title": "技术员",
   "title_since": "2021-07-15",
   "title_in_water": true,
   "title_origin": "省内",
   "work_started": "2012-08-01",
   "continuing_education": [
    {
     "year": 2021,
     "public": 24,
     "professional": 70,
     "other": 0
    },
    {
     "year": 2022,
     "public": 20,
     "professional": 72,
     "other": 0
    },
    {
     "year": 2023,
     "public": 30,
     "professional": 64,
     "other": 0
    },
    {
     "year": 2024,
     "public": 18,
     "professional": 80,
     "other": 0
    }
   ],
   "assessments": [
    {
     "year": 2020,
     "result": "合格"
    },
    {
     "year": 2021,
     "result": "优秀"
    },
    {
     "year": 2022,
     "result": "合格"
    },
    {
     "year": 2023,
     "result": "合格"
    }
   ],
   "social_insurance": "省内",
   "performance": [
    {
     "title": "乌溪江灌区续建配套与节水改造工程运行管理",
     "new": true,
     "collective": false
    }
   ],
   "self_statement": "本人自2012年起从事水利工程运行管理工作……",
   "submitted_on": "2024-07-15",
   "publicity_start": "2024-07-22",
   "publicity_end": "2024-07-26",
   "unit_reviewed_on": "2024-08-01",
   "county_recommended_on": "2024-09-02",
   "fee_paid": true,
   "phone": "13900001111"
  },
  {
   "id": "QZ2024-0003",
   "name": "王芳",
   "id_number": "33080219880808123X",
   "unit": "衢州市乌溪江引水工程管理中心",
   "unit_kind": "事业单位",
   "unit_tier": "市本级",
   "agency": "衢州市水利局",
   "in_post": true,
   "post_vacancy": true,
   "level": "工程师",
   "route": "正常申报",
   "category": "运行管理",
   "specialty": "水利水电工程",
   "degree": "本科",
   "graduated_on": "2012-07-01",
   "major_related": true,
   "title": "助理工程师",
   "title_since": "2019-12-20",
   "title_in_water": true,
   "title_origin": "省内",
   "work_started": "2012-08-01",
   "continuing_education": [
    {
     "year": 2021,
     "public": 24,
     "professional": 70,
     "other": 0
    },
    {
     "year": 2022,
     "public": 20,
     "professional": 72,
     "other": 0
    },
    {
     "year": 2023,
     "public": 30,
     "professional": 64,
     "other": 0
    },
    {
     "year": 2024,
     "public": 18,
     "professional": 80,
     "other": 0
    }
   ],
   "social_insurance": "省内",
   "performance": [
    {
     "title": "乌溪江灌区续建配套与节水改造工程运行管理",
     "new": true,
     "collective": false
    }
   ],
   "self_statement": "本人自2012年起从事水利工程运行管理工作……",
   "submitted_on": "2024-07-15",
   "publicity_start": "2024-07-22",
   "publicity_end": "2024-07-26",
   "unit_reviewed_on": "2024-08-01",
   "county_recommended_on": "2024-09-02",
   "fee_paid": false,
   "phone": "13812345678"
  },
  {
   "id": "QZ2024-0004",
   "name": "赵强",
   "id_number": "330802199001011234",
   "unit": "衢州市乌溪江引水工程管理中心",
   "unit_kind": "事业单位",
   "unit_tier": "县（市、区）",
   "agency": "江山市水利局",
   "in_post": true,
   "post_vacancy": true,
   "level": "工程师",
   "route": "正常申报",
   "category": "运行管理",
   "specialty": "水利水电工程",
   "degree": "硕士",
   "graduated_on": "2012-07-01",
   "major_related": true,
   "title": "助理工程师",
   "title_since": "2022-12-31",
   "title_in_water": true,
   "title_origin": "省内",
   "work_started": "2012-08-01",
   "continuing_education": [
    {
     "year": 2021,
     "public": 24,
     "professional": 70,
     "other": 0
    },
    {
     "year": 2022,
     "public": 20,
     "professional": 72,
     "other": 0
    },
    {
     "year": 2023,
     "public": 30,
     "professional": 64,
     "other": 0
    },
    {
     "year": 2024,
     "public": 18,
     "professional": 80,
     "other": 0
    }
   ],
   "assessments": [
    {
     "year": 2020,
     "result": "合格"
    },
    {
     "year": 2021,
     "result": "优秀"
    },
    {
     "year": 2022,
     "result": "合格"
    },
    {
     "year": 2023,
     "result": "合格"
    }
   ],
   "social_insurance": "省内",
   "performance": [
    {
     "title": "乌溪江灌区续建配套与节水改造工程运行管理",
     "new": true,
     "collective": false
    }
   ],
   "self_statement": "本人自2012年起从事水利工程运行管理工作……",
   "publicity_start": "2024-07-22",
   "publicity_end": "2024-07-26",
   "unit_reviewed_on": "2024-08-01",
   "county_recommended_on": "2024-09-02",
   "fee_paid": true,
   "phone": "13812345678",
   "self_score": 78
  },
  {
   "id": "QZ2024-0005",
   "name": "陈静",
   "id_number": "330802199001011234",
   "unit": "衢州市乌溪江引水工程管理中心",
   "unit_kind": "事业单位",
   "unit_tier": "市本级",
   "agency": "衢江区水利局",
   "in_post": true,
   "post_vacancy": true,
   "level": "工程师",
   "route": "自评分（推荐）申报",
   "category": "运行管理",
   "specialty": "水利水电工程",
   "degree": "本科",
   "graduated_on": "2012-07-01",
   "major_related": true,
   "title": "助理工程师",
   "title_since": "2019-12-20",
   "title_in_water": true,
   "title_origin": "省内",
   "work_started": "2012-08-01",
   "continuing_education": [
    {
     "year": 2021,
     "public": 24,
     "professional": 70,
     "other": 0
    },
    {
     "year": 2022,
     "public": 20,
     "professional": 72,
     "other": 0
    },
    {
     "year": 2023,
     "public": 30,
     "professional": 64,
     "other": 0
    },
    {
     "year": 2024,
     "public": 18,
     "professional": 80,
     "other": 0
    }
   ],
   "assessments": [
    {
     "year": 2020,
     "result": "合格"
    },
    {
     "year": 2021,
     "result": "优秀"
    },
    {
     "year": 2022,
     "result": "合格"
    },
    {
     "year": 2023,
     "result": "合格"
    }
   ],
   "social_insurance": "省内",
   "performance": [
    {
     "title": "乌溪江灌区续建配套与节水改造工程运行管理",
     "new": true,
     "collective": false
    }
   ],
   "self_statement": "本人自2012年起从事水利工程运行管理工作……",
   "submitted_on": "2024-07-15",
   "publicity_start": "2024-07-22",
   "publicity_end": "2024-07-26",
   "unit_reviewed_on": "2024-08-01",
   "county_recommended_on": "2024-09-02",
   "fee_paid": true,
   "phone": "13812345678",
   "self_score": 72.5,
   "recommenders": [
    {
     "name": "周明",
     "title": "高级工程师"
    },
    {
     "name": "吴刚",
     "title": "正高级工程师"
    }
   ]
  }
 ]
}
"""#
