#include "census_csv_source.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "census_table.h"

namespace campcount::plugins {
namespace {

using ::testing::HasSubstr;

constexpr char kHeader[] =
    "site_id,site_name,state,lga,ward,latitude,longitude,survey_round,"
    "survey_date,households,individuals,pct_no_shelter,pct_tents,"
    "pct_makeshift\n";

std::string Csv(const std::string& rows) { return kHeader + rows; }

absl::StatusOr<campcount::v1::ReadCensusResponse> Parse(
    const std::string& text, CensusReadOptions options = {}) {
  return ParseCensusCsv(text, "census.csv", options);
}

TEST(CensusCsv, ReadsTheContractLayout) {
  auto census = Parse(
      Csv("AD_S001,Bakassi IDP Camp,Borno,Maiduguri,Gwange,11.83,13.15,24,"
          "2019-04-02,845,4210,7.5,85.0,7.5\n"
          "AD_S001,Bakassi IDP Camp,Borno,Maiduguri,Gwange,11.83,13.15,25,"
          "2019-05-03,850,4260,7.5,85.0,7.5\r\n"
          "AD_S002,\"Dalori, Camp 2\",Borno,Konduga,Dalori,11.78,13.21,24,"
          "2019-04-05,300,1500,10,80,10\n"));
  ASSERT_TRUE(census.ok()) << census.status();
  ASSERT_EQ(census->entries_size(), 3);
  const auto& first = census->entries(0);
  EXPECT_EQ(first.line(), 2);
  EXPECT_EQ(first.record().site_id(), "AD_S001");
  EXPECT_EQ(first.record().survey_round(), 24);
  EXPECT_EQ(first.record().individuals(), 4210);
  EXPECT_DOUBLE_EQ(first.record().pct_tents(), 85.0);
  EXPECT_DOUBLE_EQ(first.record().latitude(), 11.83);
  EXPECT_EQ(census->entries(2).record().site_name(), "Dalori, Camp 2");
  EXPECT_FALSE(census->entries(1).stale());
  EXPECT_EQ(census->issues_size(), 0);
}

TEST(CensusCsv, MissingColumnsAreNamed) {
  auto census = Parse(
      "site_id,survey_date,individuals,pct_tents\n"
      "AD_S001,2019-04-02,4210,85\n");
  ASSERT_FALSE(census.ok());
  EXPECT_EQ(census.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(census.status().message(),
              HasSubstr("census.csv:1: missing column(s) survey_round, "
                        "households, pct_no_shelter, pct_makeshift"));
}

TEST(CensusCsv, EveryBadValueIsListedWithLineAndColumn) {
  auto census = Parse(
      Csv("AD_S001,A,B,C,D,11.8,13.1,24,2019-04-02,845,lots,7.5,85.0,7.5\n"
          "AD_S001,A,B,C,D,11.8,13.1,25,2019-05-02,-3,4000,7.5,85.0,7.5\n"
          "AD_S001,A,B,C,D,11.8,13.1,26,2019-02-30,845,4000,7.5,85.0,7.5\n"
          "AD_S001,A,B,C,D,11.8,13.1,27,2019-07-02,845,4000,7.5,80.0,7.5\n"
          "AD_S001,A,B,C,D,95.0,13.1,28,2019-08-02,845,4000.5,7.5,85.0,7.5\n"));
  ASSERT_FALSE(census.ok());
  const std::string message(census.status().message());
  EXPECT_THAT(message, HasSubstr("has 6 problem(s)"));
  EXPECT_THAT(message,
              HasSubstr("census.csv:2: column individuals: 'lots' is not a "
                        "number"));
  EXPECT_THAT(message, HasSubstr("census.csv:3: column households: -3 is "
                                 "negative"));
  EXPECT_THAT(message,
              HasSubstr("census.csv:4: column survey_date: '2019-02-30' is "
                        "not a calendar date"));
  EXPECT_THAT(message,
              HasSubstr("census.csv:5: column "
                        "pct_no_shelter+pct_tents+pct_makeshift: the shares "
                        "sum to 95, not 100"));
  EXPECT_THAT(message, HasSubstr("census.csv:6: column latitude: 95.0 is "
                                 "outside -90..90"));
  EXPECT_THAT(message, HasSubstr("census.csv:6: column individuals: 4000.5 "
                                 "is not a whole number"));
}

TEST(CensusCsv, PercentagesWithinRoundingPass) {
  auto census = Parse(
      Csv("AD_S001,A,B,C,D,11.8,13.1,24,2019-04-02,845,4210,33.3,33.3,33.3\n"));
  ASSERT_TRUE(census.ok()) << census.status();
  auto off = Parse(
      Csv("AD_S001,A,B,C,D,11.8,13.1,24,2019-04-02,845,4210,33.3,33.3,32.8\n"));
  ASSERT_FALSE(off.ok());
  EXPECT_THAT(off.status().message(), HasSubstr("sum to 99.4"));
}

TEST(CensusCsv, DuplicateSurveysAreRefused) {
  auto census = Parse(
      Csv("AD_S001,A,B,C,D,11.8,13.1,24,2019-04-02,845,4210,7.5,85,7.5\n"
          "AD_S002,A,B,C,D,11.8,13.1,24,2019-04-02,845,4210,7.5,85,7.5\n"
          "AD_S001,A,B,C,D,11.8,13.1,24,2019-04-02,845,4210,7.5,85,7.5\n"
          "AD_S001,A,B,C,D,11.8,13.1,25,2019-04-02,845,4300,7.5,85,7.5\n"));
  ASSERT_FALSE(census.ok());
  EXPECT_THAT(census.status().message(),
              HasSubstr("census.csv:4: column survey_round: site AD_S001 "
                        "round 24 already appears on line 2"));
  EXPECT_THAT(census.status().message(),
              HasSubstr("census.csv:5: column survey_date: site AD_S001 was "
                        "already surveyed on 2019-04-02 (line 2"));
}

TEST(CensusCsv, RepeatedCountsAreMarkedStale) {
  // Rows out of date order on purpose: "previous" means the survey before.
  auto census = Parse(
      Csv("AD_S001,A,B,C,D,11.8,13.1,26,2019-06-02,845,4300,7.5,85,7.5\n"
          "AD_S001,A,B,C,D,11.8,13.1,24,2019-04-02,845,4210,7.5,85,7.5\n"
          "AD_S001,A,B,C,D,11.8,13.1,25,2019-05-02,845,4210,7.5,85,7.5\n"
          "AD_S002,A,B,C,D,11.8,13.1,24,2019-04-02,845,4300,7.5,85,7.5\n"));
  ASSERT_TRUE(census.ok()) << census.status();
  ASSERT_EQ(census->entries_size(), 4);
  EXPECT_EQ(census->entries(0).record().survey_round(), 24);
  EXPECT_FALSE(census->entries(0).stale());
  EXPECT_TRUE(census->entries(1).stale());  // round 25 repeats round 24
  EXPECT_FALSE(census->entries(2).stale());
  EXPECT_FALSE(census->entries(3).stale());  // another camp: not a repeat
  ASSERT_EQ(census->issues_size(), 1);
  EXPECT_EQ(census->issues(0).severity(),
            campcount::v1::CensusIssue::SEVERITY_EXCLUDED);
  EXPECT_EQ(census->issues(0).line(), 4);
  EXPECT_THAT(census->issues(0).message(),
              HasSubstr("census.csv:4: column individuals: site AD_S001 "
                        "round 25 (2019-05-02) repeats the previous round's "
                        "count of 4210 exactly (line 3)"));
}

TEST(CensusCsv, SkipInvalidRowsKeepsTheRest) {
  CensusReadOptions options;
  options.skip_invalid_rows = true;
  auto census = Parse(
      Csv("AD_S001,A,B,C,D,11.8,13.1,24,2019-04-02,845,4210,7.5,85,7.5\n"
          "AD_S001,A,B,C,D,11.8,13.1,25,2019-13-02,845,4300,7.5,85,7.5\n"),
      options);
  ASSERT_TRUE(census.ok()) << census.status();
  EXPECT_EQ(census->entries_size(), 1);
  ASSERT_EQ(census->issues_size(), 1);
  EXPECT_THAT(census->issues(0).message(),
              HasSubstr("census.csv:3: column survey_date"));
  EXPECT_THAT(census->issues(0).message(), HasSubstr("(row skipped)"));
}

TEST(CensusCsv, RaggedRowsAndOpenQuotesAreErrors) {
  auto ragged = Parse(Csv("AD_S001,A,B,C\n"));
  ASSERT_FALSE(ragged.ok());
  EXPECT_THAT(ragged.status().message(),
              HasSubstr("census.csv:2: column *: has 4 fields; the header "
                        "has 14"));
  auto open_quote = Parse(Csv("AD_S001,\"A,B,C\n"));
  ASSERT_FALSE(open_quote.ok());
  EXPECT_THAT(open_quote.status().message(),
              HasSubstr("census.csv:2: a quoted field is never closed"));
}

TEST(CensusCsvSource, ReadsAFileAndFiltersBySite) {
  const std::string path = ::testing::TempDir() + "/census_csv_source_test.csv";
  {
    std::ofstream out(path);
    out << Csv(
        "AD_S001,A,B,C,D,11.8,13.1,24,2019-04-02,845,4210,7.5,85,7.5\n"
        "AD_S001,A,B,C,D,11.8,13.1,25,2019-05-02,845,4210,7.5,85,7.5\n"
        "AD_S002,A,B,C,D,11.8,13.1,24,2019-04-02,845,4300,7.5,85,7.5\n");
  }
  auto source = CensusCsvSource::Create({});
  ASSERT_TRUE(source.ok()) << source.status();
  campcount::v1::ReadCensusRequest request;
  request.set_uri(path);
  request.set_site_id("AD_S001");
  auto census =
      (*source)->ReadCensus(request, campcount::sdk::CallContext(nullptr));
  ASSERT_TRUE(census.ok()) << census.status();
  EXPECT_EQ(census->entries_size(), 2);
  EXPECT_EQ(census->issues_size(), 1);  // the stale round 25

  request.set_site_id("AD_S404");
  auto missing =
      (*source)->ReadCensus(request, campcount::sdk::CallContext(nullptr));
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(missing.status().message(),
              HasSubstr("no survey of site 'AD_S404'"));

  request.set_uri(path + ".nope");
  auto no_file =
      (*source)->ReadCensus(request, campcount::sdk::CallContext(nullptr));
  EXPECT_EQ(no_file.status().code(), absl::StatusCode::kNotFound);
  std::remove(path.c_str());
}

TEST(CensusCsvSource, IsNotAnImageSource) {
  auto source = CensusCsvSource::Create({});
  ASSERT_TRUE(source.ok());
  auto scene = (*source)->OpenScene({}, campcount::sdk::CallContext(nullptr));
  EXPECT_EQ(scene.status().code(), absl::StatusCode::kUnimplemented);
}

}  // namespace
}  // namespace campcount::plugins
