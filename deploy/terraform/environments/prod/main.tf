# prod: Multi-AZ database, NAT per zone, GPU nodes 0-20 of which up to 14 spot (the rest on
# demand, so a spot drought never stops rendering).
module "studio" {
  source    = "../../modules/stack"
  providers = { aws = aws, aws.us_east_1 = aws.us_east_1 }

  environment           = "prod"
  high_availability     = true
  domain                = "studio.example.com"
  certificate_arn       = "arn:aws:acm:us-east-1:123456789012:certificate/prod"
  api_origin_domain     = "ingress.studio.example.com"
  cpu_instance_types    = ["c6i.2xlarge", "c6a.2xlarge"]
  cpu_min_size          = 3
  cpu_max_size          = 20
  gpu_max_size          = 20
  gpu_spot_max_size     = 14
  db_instance_class     = "db.r6g.large"
  backup_retention_days = 30
  redis_node_type       = "cache.r6g.large"
  alarm_emails          = ["oncall@studio.example.com"]
  github_repository     = "filmstudio/filmstudio"
}
